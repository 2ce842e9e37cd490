-- Question: what does each article claim, who claims it, of what type, with what hedge, and about which event?
SELECT
  c.source_id,
  c.claim_id,
  c.quote,
  c.claimant,
  c.claimant_type,
  c.claim_type,
  c.hedge,
  c.event_id,
  e.title AS event_title,
  c.char_start,
  c.char_end,
  c.line,
  c.review_status
FROM claims AS c
LEFT JOIN events AS e ON e.event_id = c.event_id
ORDER BY c.source_id, c.char_start;
