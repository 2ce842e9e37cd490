-- check: foreign key claims.event_id → events.event_id: every claims row with an event_id points at an existing events row.
-- returns: the claims rows whose event_id matches no events.event_id.
SELECT c.*
FROM claims AS c
LEFT JOIN events AS p ON p.event_id = c.event_id
WHERE p.event_id IS NULL
  AND c.event_id IS NOT NULL AND c.event_id <> '';
