-- check: foreign key event_links.event_id → events.event_id: every event_links row points at an existing events row.
-- returns: the event_links rows whose event_id matches no events.event_id.
SELECT c.*
FROM event_links AS c
LEFT JOIN events AS p ON p.event_id = c.event_id
WHERE p.event_id IS NULL;
