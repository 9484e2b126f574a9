-- What the UN's resolution files add to a roll call (sponsors, subjects,
-- committee, agenda item, draft and record symbols, official counts,
-- evidence in other sources) as one JSON object, as in the DuckDB store:
-- the fields are read whole and never filtered on.
ALTER TABLE {db}.rollcalls ADD COLUMN meta String DEFAULT '{}'
