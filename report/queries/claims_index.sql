-- Question: every claim of the corpus, with its claimant, type, source and event.
SELECT
  c.claim_id,
  c.quote,
  c.claimant,
  c.claimant_type,
  c.claim_type,
  c.hedge,
  c.source_id,
  s.publisher,
  c.event_id,
  c.review_status
FROM claims AS c
JOIN sources AS s ON s.source_id = c.source_id
ORDER BY s.raw_path, c.char_start;
