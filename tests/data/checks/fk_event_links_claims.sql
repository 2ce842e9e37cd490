-- check: foreign key event_links.claim_id → claims.claim_id: every event_links row points at an existing claims row.
-- returns: the event_links rows whose claim_id matches no claims.claim_id.
SELECT c.*
FROM event_links AS c
LEFT JOIN claims AS p ON p.claim_id = c.claim_id
WHERE p.claim_id IS NULL;
