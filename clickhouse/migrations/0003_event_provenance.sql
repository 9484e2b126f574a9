-- Who coded an event when the coder's rules did not (see the DuckDB
-- store's migration 0005): a small table on the first server, written
-- under the event's source like its evidence.
CREATE TABLE IF NOT EXISTS {db}.event_provenance (
    tx          UInt64,
    event_id    String,
    ev_source   String,
    provenance  String
) ENGINE = MergeTree() ORDER BY (event_id, tx)
