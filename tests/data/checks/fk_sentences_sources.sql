-- check: foreign key sentences.source_id → sources.source_id: every sentences row points at an existing sources row.
-- returns: the sentences rows whose source_id matches no sources.source_id.
SELECT c.*
FROM sentences AS c
LEFT JOIN sources AS p ON p.source_id = c.source_id
WHERE p.source_id IS NULL;
