-- Question: every number the sources report, with what it counts, its qualifier and bounds, and who reports it.
-- is_earlier: the figure is a toll the text reports as superseded (toll_state = 'earlier'), shown struck through.
SELECT
  f.figure_id,
  f.text,
  f.measure,
  f.qualifier,
  f.value,
  f.low,
  f.high,
  f.unit,
  f."group",
  f.part_of,
  f.toll_state,
  coalesce(f.toll_state = 'earlier', false) AS is_earlier,
  c.claimant,
  f.claim_id,
  f.source_id,
  s.publisher,
  f.event_id
FROM figures AS f
JOIN claims AS c ON c.claim_id = f.claim_id
JOIN sources AS s ON s.source_id = f.source_id
ORDER BY s.raw_path, f.char_start;
