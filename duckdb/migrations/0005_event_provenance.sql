-- Who coded an event when the coder's rules did not: an event the opt-in
-- adjudicator coded carries "adjudicated by MODEL". A side table, not a
-- column of events, so that the bulk loaders that insert events by
-- position (the chunk feed, the synthetic and read_csv benchmarks) stay
-- as they are, and the millions of imported events carry nothing.
CREATE TABLE event_provenance (
    event_id    VARCHAR NOT NULL,
    ev_source   VARCHAR NOT NULL,
    provenance  VARCHAR NOT NULL
);
