-- check: foreign key event_links.source_id → sources.source_id: every event_links row points at an existing sources row.
-- returns: the event_links rows whose source_id matches no sources.source_id.
SELECT c.*
FROM event_links AS c
LEFT JOIN sources AS p ON p.source_id = c.source_id
WHERE p.source_id IS NULL;
