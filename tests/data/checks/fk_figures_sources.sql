-- check: foreign key figures.source_id → sources.source_id: every figures row points at an existing sources row.
-- returns: the figures rows whose source_id matches no sources.source_id.
SELECT c.*
FROM figures AS c
LEFT JOIN sources AS p ON p.source_id = c.source_id
WHERE p.source_id IS NULL;
