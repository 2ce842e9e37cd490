-- check: foreign key estimates.event_id → events.event_id: every estimates row points at an existing events row.
-- returns: the estimates rows whose event_id matches no events.event_id.
SELECT c.*
FROM estimates AS c
LEFT JOIN events AS p ON p.event_id = c.event_id
WHERE p.event_id IS NULL;
