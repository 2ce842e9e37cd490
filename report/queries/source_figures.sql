-- Question: which numbers does each article report, where exactly in its text, and in which claim?
-- is_earlier: the figure is a toll the text reports as superseded (toll_state = 'earlier'), shown struck through.
SELECT
  f.source_id,
  f.figure_id,
  f.claim_id,
  f.measure,
  f.value,
  f.low,
  f.high,
  f.qualifier,
  f.unit,
  f."group",
  f.part_of,
  f.toll_state,
  coalesce(f.toll_state = 'earlier', false) AS is_earlier,
  f.text,
  f.char_start,
  f.char_end
FROM figures AS f
ORDER BY f.source_id, f.char_start;
