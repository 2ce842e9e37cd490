-- check: foreign key claims.source_id → sources.source_id: every claims row points at an existing sources row.
-- returns: the claims rows whose source_id matches no sources.source_id.
SELECT c.*
FROM claims AS c
LEFT JOIN sources AS p ON p.source_id = c.source_id
WHERE p.source_id IS NULL;
