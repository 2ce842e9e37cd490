-- check: a figure belongs to the same source and event as its claim
-- (figures.source_id and figures.event_id repeat the claim's, so they must agree).
-- returns: the figures whose source_id or event_id differs from their claim's.
SELECT f.figure_id, f.source_id, c.source_id AS claim_source_id, f.event_id, c.event_id AS claim_event_id
FROM figures AS f
JOIN claims AS c ON c.claim_id = f.claim_id
WHERE f.source_id IS DISTINCT FROM c.source_id
   OR f.event_id IS DISTINCT FROM c.event_id;
