-- The first schema: sources and evidence, the registry copy, votes, ties,
-- events and documents. Bulk tables (votes, ties, events) carry no keys or
-- indexes because DuckDB appends fastest without them and scans them
-- columnar anyway; every row names the source it came from so that a newer
-- release can replace an older one with one DELETE per table.

CREATE TABLE sources (
    id        VARCHAR PRIMARY KEY,
    dataset   VARCHAR NOT NULL,
    release   VARCHAR NOT NULL,
    title     VARCHAR NOT NULL,
    publisher VARCHAR NOT NULL,
    licence   VARCHAR NOT NULL,
    citation  VARCHAR NOT NULL,
    url       VARCHAR NOT NULL,
    file      VARCHAR NOT NULL,
    checksum  VARCHAR NOT NULL,
    rows      BIGINT NOT NULL,
    cov_from  DATE,
    cov_to    DATE,
    curated   BOOLEAN NOT NULL,
    imported  TIMESTAMP NOT NULL
);

CREATE TABLE registry_meta (
    version VARCHAR NOT NULL,
    loaded  TIMESTAMP NOT NULL
);

-- The full actor is kept as JSON so the registry can grow fields without a
-- migration; the columns beside it are what SQL joins and filters on.
CREATE TABLE actors (
    code      VARCHAR PRIMARY KEY,
    kind      VARCHAR NOT NULL,
    name      VARCHAR NOT NULL,
    region    VARCHAR NOT NULL,
    subregion VARCHAR NOT NULL,
    doc       VARCHAR NOT NULL
);

CREATE TABLE actor_codes (
    actor      VARCHAR NOT NULL,
    scheme     VARCHAR NOT NULL,
    value      VARCHAR NOT NULL,
    valid_from DATE,
    valid_to   DATE
);

CREATE TABLE actor_names (
    actor VARCHAR NOT NULL,
    text  VARCHAR NOT NULL,
    kind  VARCHAR NOT NULL,
    role  VARCHAR NOT NULL,
    valid VARCHAR NOT NULL
);

CREATE TABLE offices (
    actor     VARCHAR NOT NULL,
    role      VARCHAR NOT NULL,
    person    VARCHAR NOT NULL,
    aliases   VARCHAR NOT NULL,
    term_from DATE,
    term_to   DATE
);

CREATE TABLE memberships (
    grp      VARCHAR NOT NULL,
    member   VARCHAR NOT NULL,
    status   VARCHAR NOT NULL,
    p_from   DATE,
    p_to     DATE,
    note     VARCHAR NOT NULL
);

CREATE TABLE rollcalls (
    id         VARCHAR NOT NULL,
    session    INTEGER NOT NULL,
    date       DATE,
    resolution VARCHAR NOT NULL,
    short      VARCHAR NOT NULL,
    title      VARCHAR NOT NULL,
    issues     VARCHAR NOT NULL,
    important  BOOLEAN NOT NULL,
    amendment  BOOLEAN NOT NULL,
    paragraph  BOOLEAN NOT NULL,
    ev_source  VARCHAR NOT NULL,
    ev_file    VARCHAR NOT NULL,
    ev_line    BIGINT NOT NULL
);

CREATE TABLE votes (
    rollcall  VARCHAR NOT NULL,
    country   VARCHAR NOT NULL,
    choice    VARCHAR NOT NULL,
    ev_source VARCHAR NOT NULL,
    ev_file   VARCHAR NOT NULL,
    ev_line   BIGINT NOT NULL
);

CREATE TABLE ties (
    kind        VARCHAR NOT NULL,
    a           VARCHAR NOT NULL,
    b           VARCHAR NOT NULL,
    p_from      DATE,
    p_to        DATE,
    year        INTEGER NOT NULL,
    value       DOUBLE NOT NULL,
    unit        VARCHAR NOT NULL,
    attrs       VARCHAR NOT NULL,
    ev_source   VARCHAR NOT NULL,
    ev_file     VARCHAR NOT NULL,
    ev_line     BIGINT NOT NULL,
    ev_document VARCHAR NOT NULL,
    ev_start    INTEGER NOT NULL,
    ev_end      INTEGER NOT NULL,
    ev_text     VARCHAR NOT NULL
);

-- An event's first piece of evidence sits in its row (one row per GDELT
-- record needs no join); further evidence for the same event, from other
-- documents reporting it, goes to event_evidence.
CREATE TABLE events (
    id          VARCHAR NOT NULL,
    date        DATE,
    src_code    VARCHAR NOT NULL,
    src_country VARCHAR NOT NULL,
    src_text    VARCHAR NOT NULL,
    tgt_code    VARCHAR NOT NULL,
    tgt_country VARCHAR NOT NULL,
    tgt_text    VARCHAR NOT NULL,
    cameo       VARCHAR NOT NULL,
    plover      VARCHAR NOT NULL,
    goldstein   DOUBLE NOT NULL,
    negated     BOOLEAN NOT NULL,
    modality    VARCHAR NOT NULL,
    quantities  VARCHAR NOT NULL,
    confidence  DOUBLE NOT NULL,
    mentions    INTEGER NOT NULL,
    tone        DOUBLE NOT NULL,
    ev_source   VARCHAR NOT NULL,
    ev_file     VARCHAR NOT NULL,
    ev_line     BIGINT NOT NULL,
    ev_document VARCHAR NOT NULL,
    ev_start    INTEGER NOT NULL,
    ev_end      INTEGER NOT NULL,
    ev_text     VARCHAR NOT NULL
);

CREATE TABLE event_evidence (
    event_id    VARCHAR NOT NULL,
    ev_source   VARCHAR NOT NULL,
    ev_file     VARCHAR NOT NULL,
    ev_line     BIGINT NOT NULL,
    ev_document VARCHAR NOT NULL,
    ev_start    INTEGER NOT NULL,
    ev_end      INTEGER NOT NULL,
    ev_text     VARCHAR NOT NULL
);

CREATE TABLE documents (
    id           VARCHAR PRIMARY KEY,
    title        VARCHAR NOT NULL,
    author       VARCHAR NOT NULL,
    publisher    VARCHAR NOT NULL,
    date         DATE,
    url          VARCHAR NOT NULL,
    checksum     VARCHAR NOT NULL,
    text         VARCHAR NOT NULL,
    duplicate_of VARCHAR NOT NULL,
    source       VARCHAR NOT NULL
);
