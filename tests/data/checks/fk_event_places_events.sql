-- check: foreign key event_places.event_id → events.event_id: every event_places row points at an existing events row.
-- returns: the event_places rows whose event_id matches no events.event_id.
SELECT c.*
FROM event_places AS c
LEFT JOIN events AS p ON p.event_id = c.event_id
WHERE p.event_id IS NULL;
