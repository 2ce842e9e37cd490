-- Question: every claim about each event, grouped by the article that makes it.
SELECT
  c.event_id,
  s.source_id,
  s.publisher,
  s.title AS source_title,
  c.claim_id,
  c.quote,
  c.claimant,
  c.claim_type,
  c.hedge
FROM claims AS c
JOIN sources AS s ON s.source_id = c.source_id
WHERE c.event_id IS NOT NULL
ORDER BY c.event_id, s.raw_path, s.char_start, c.char_start;
