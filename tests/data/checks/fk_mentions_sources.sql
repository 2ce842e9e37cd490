-- check: foreign key mentions.source_id → sources.source_id: every mentions row points at an existing sources row.
-- returns: the mentions rows whose source_id matches no sources.source_id.
SELECT c.*
FROM mentions AS c
LEFT JOIN sources AS p ON p.source_id = c.source_id
WHERE p.source_id IS NULL;
