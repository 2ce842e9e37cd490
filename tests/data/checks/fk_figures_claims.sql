-- check: foreign key figures.claim_id → claims.claim_id: every figures row points at an existing claims row.
-- returns: the figures rows whose claim_id matches no claims.claim_id.
SELECT c.*
FROM figures AS c
LEFT JOIN claims AS p ON p.claim_id = c.claim_id
WHERE p.claim_id IS NULL;
