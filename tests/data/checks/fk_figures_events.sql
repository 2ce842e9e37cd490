-- check: foreign key figures.event_id → events.event_id: every figures row with an event_id points at an existing events row.
-- returns: the figures rows whose event_id matches no events.event_id.
SELECT c.*
FROM figures AS c
LEFT JOIN events AS p ON p.event_id = c.event_id
WHERE p.event_id IS NULL
  AND c.event_id IS NOT NULL AND c.event_id <> '';
