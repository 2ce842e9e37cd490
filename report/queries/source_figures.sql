-- Question: which numbers does one article report, where exactly in its text, and in which claim?
SELECT
  f.figure_id,
  f.claim_id,
  f.measure,
  f.value,
  f.low,
  f.high,
  f.qualifier,
  f.unit,
  f.text,
  f.char_start,
  f.char_end
FROM figures AS f
WHERE f.source_id = $source_id
ORDER BY f.char_start;
