-- Question: for each event, what does each source report for each measure, side by side, with claimant, qualifier and bounds?
SELECT
  f.event_id,
  f.measure,
  f.figure_id,
  f.source_id,
  s.publisher,
  c.claimant,
  f.text,
  f.qualifier,
  f.value,
  f.low,
  f.high,
  f.unit
FROM figures AS f
JOIN claims AS c ON c.claim_id = f.claim_id
JOIN sources AS s ON s.source_id = f.source_id
WHERE f.event_id IS NOT NULL
ORDER BY f.event_id, f.measure, coalesce(f.value, f.low, f.high), f.figure_id;
