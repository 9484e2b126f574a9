-- The first schema, in the dialect of ClickHouse 18.16 (Debian's package)
-- that current releases still accept. Statements are separated by a line
-- holding only ";". {db} is the database; statements naming {cluster} create
-- the Distributed tables and run only when the store is given a cluster.
--
-- ClickHouse has no transactions, so every row carries the id (tx) of the
-- Store.Update that wrote it, and txlog records, in one block inserted at
-- commit, which (source, tx) pairs an update wrote ('w') and which sources
-- it deleted ('d': every row of the source written before that id). A row
-- is visible when its (source, tx) pair was committed and no later delete
-- names its source; rows of failed updates stay invisible and are purged by
-- a mutation. This log, not ReplacingMergeTree, is what makes re-import
-- idempotent: a replacing merge could let an uncommitted row displace a
-- committed one.
--
-- Dates are Int32 YYYYMMDD with 0 for "none": ClickHouse's Date starts in
-- 1970 and the datasets go back to 1816. Times are Int64 microseconds since
-- the Unix epoch (DuckDB keeps microseconds too). Booleans are UInt8.

CREATE TABLE IF NOT EXISTS {db}.txlog (
    tx     UInt64,
    source String,
    op     String,
    at     Int64
) ENGINE = MergeTree() ORDER BY (source, tx)
;
CREATE TABLE IF NOT EXISTS {db}.sources (
    tx        UInt64,
    id        String,
    dataset   String,
    release   String,
    title     String,
    publisher String,
    licence   String,
    citation  String,
    url       String,
    file      String,
    checksum  String,
    rows      Int64,
    cov_from  Int32,
    cov_to    Int32,
    curated   UInt8,
    imported  Int64
) ENGINE = MergeTree() ORDER BY (id, tx)
;
CREATE TABLE IF NOT EXISTS {db}.registry_meta (
    tx      UInt64,
    version String,
    loaded  Int64
) ENGINE = MergeTree() ORDER BY tx
;
CREATE TABLE IF NOT EXISTS {db}.actors (
    tx        UInt64,
    code      String,
    kind      String,
    name      String,
    region    String,
    subregion String,
    doc       String
) ENGINE = MergeTree() ORDER BY (code, tx)
;
CREATE TABLE IF NOT EXISTS {db}.memberships (
    tx     UInt64,
    grp    String,
    member String,
    status String,
    p_from Int32,
    p_to   Int32,
    note   String
) ENGINE = MergeTree() ORDER BY (grp, member, p_from, tx)
;
CREATE TABLE IF NOT EXISTS {db}.rollcalls (
    tx         UInt64,
    id         String,
    session    Int32,
    date       Int32,
    resolution String,
    short      String,
    title      String,
    issues     String,
    important  UInt8,
    amendment  UInt8,
    paragraph  UInt8,
    ev_source  String,
    ev_file    String,
    ev_line    Int64
) ENGINE = MergeTree() PARTITION BY intDiv(date, 100000) ORDER BY (date, id)
;
CREATE TABLE IF NOT EXISTS {db}.votes (
    tx        UInt64,
    rollcall  String,
    country   String,
    choice    String,
    ev_source String,
    ev_file   String,
    ev_line   Int64
) ENGINE = MergeTree() ORDER BY (rollcall, country)
;
-- Ties span two centuries (COW trade starts in 1870): partitions by decade
-- keep one import under ClickHouse's limit of 100 partitions per block.
CREATE TABLE IF NOT EXISTS {db}.ties (
    tx          UInt64,
    kind        String,
    a           String,
    b           String,
    p_from      Int32,
    p_to        Int32,
    year        Int32,
    value       Float64,
    unit        String,
    attrs       String,
    ev_source   String,
    ev_file     String,
    ev_line     Int64,
    ev_document String,
    ev_start    Int32,
    ev_end      Int32,
    ev_text     String
) ENGINE = MergeTree() PARTITION BY intDiv(year, 10) ORDER BY (kind, a, b, year, p_from)
;
-- Events are partitioned by year and ordered for the dyad timeline (source
-- country, target country, date) and the actor timeline (its prefix).
CREATE TABLE IF NOT EXISTS {db}.events (
    tx          UInt64,
    id          String,
    date        Int32,
    src_code    String,
    src_country String,
    src_text    String,
    tgt_code    String,
    tgt_country String,
    tgt_text    String,
    cameo       String,
    plover      String,
    goldstein   Float64,
    negated     UInt8,
    modality    String,
    quantities  String,
    confidence  Float64,
    mentions    Int32,
    tone        Float64,
    ev_source   String,
    ev_file     String,
    ev_line     Int64,
    ev_document String,
    ev_start    Int32,
    ev_end      Int32,
    ev_text     String
) ENGINE = MergeTree() PARTITION BY intDiv(date, 10000) ORDER BY (src_country, tgt_country, date, id)
;
CREATE TABLE IF NOT EXISTS {db}.event_evidence (
    tx          UInt64,
    event_id    String,
    ev_source   String,
    ev_file     String,
    ev_line     Int64,
    ev_document String,
    ev_start    Int32,
    ev_end      Int32,
    ev_text     String
) ENGINE = MergeTree() ORDER BY (event_id, ev_document, ev_start)
;
CREATE TABLE IF NOT EXISTS {db}.documents (
    tx           UInt64,
    id           String,
    title        String,
    author       String,
    publisher    String,
    date         Int32,
    url          String,
    checksum     String,
    text         String,
    duplicate_of String,
    source       String
) ENGINE = MergeTree() ORDER BY (id, tx)
;
CREATE TABLE IF NOT EXISTS {db}.artifacts (
    tx      UInt64,
    kind    String,
    key     String,
    created Int64,
    body    String
) ENGINE = MergeTree() ORDER BY (kind, key, tx)
;
CREATE TABLE IF NOT EXISTS {db}.votes_d AS {db}.votes ENGINE = Distributed({cluster}, {db}, votes, rand())
;
CREATE TABLE IF NOT EXISTS {db}.ties_d AS {db}.ties ENGINE = Distributed({cluster}, {db}, ties, rand())
;
CREATE TABLE IF NOT EXISTS {db}.events_d AS {db}.events ENGINE = Distributed({cluster}, {db}, events, rand())
;
CREATE TABLE IF NOT EXISTS {db}.event_evidence_d AS {db}.event_evidence ENGINE = Distributed({cluster}, {db}, event_evidence, rand())
