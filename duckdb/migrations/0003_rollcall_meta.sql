-- What the UN's own resolution files add to a roll call (sponsors, subjects,
-- committee, agenda item, draft and verbatim record symbols, official
-- counts, evidence in other sources), as one JSON object: these fields are
-- read whole with the roll call and never filtered on, so one column keeps
-- the table narrow and later additions free of migrations. Rows written
-- before this migration read back with none of them.
ALTER TABLE rollcalls ADD COLUMN meta VARCHAR DEFAULT '{}';
