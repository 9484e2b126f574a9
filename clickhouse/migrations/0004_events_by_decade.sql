-- Events by decade, not by year. Every INSERT block is cut into one part
-- per partition, and a query reads at least one granule (8,192 rows) of
-- each part it cannot rule out: with a partition per year a 1M-row block of
-- GDELT-shaped events became 48 parts of ~20,000 rows, the merges behind
-- them held back loading, and a dyad timeline read 48 granules per part
-- whatever it asked for. Decades cut both by about eight, while still
-- keeping one block under ClickHouse's limit of 100 partitions per insert.
-- Entente never drops a partition (deletes go through the commit log), so
-- nothing relied on years.
--
-- The store's migrate (repartition) renames the old table to events_by_year
-- before this statement and copies its rows into the new table after it;
-- each step checks what exists, so a migration cut short runs again.
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
) ENGINE = MergeTree() PARTITION BY intDiv(date, 100000) ORDER BY (src_country, tgt_country, date, id)
