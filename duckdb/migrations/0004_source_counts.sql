-- Every source records how many rows it wrote to each table that cites it,
-- set in the same transaction that writes the rows. Opening the store
-- compares these counts with the rows present, so that a write cut short by
-- a crash is found and removed even when DuckDB replays an unfinished
-- write-ahead log (DuckDB 1.5.x does). NULL means the counts were never
-- recorded: the transaction did not finish. Sources stored before this
-- migration are marked 'unchecked' and trusted as they are.
ALTER TABLE sources ADD COLUMN counts VARCHAR;
UPDATE sources SET counts = 'unchecked';
