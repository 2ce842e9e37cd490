-- Question: for each event, what does each source report for each measure, side by side, with claimant, qualifier and bounds?
-- is_earlier: the figure is a toll the text reports as superseded (toll_state = 'earlier'), shown struck through.
-- is_machine: the machine linked the figure to the event (event_link = 'machine'); its evidence (score, and
-- whether date, place, type and actor matched, with the words) comes from event_links:
-- link_score is event_links.score, link_basis is event_links.basis.
-- Totals are compared with totals: each breakdown (part_of) follows the total it breaks down, and an earlier
-- (superseded) toll keeps its words and is marked by toll_state.
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
  f.unit,
  f."group",
  f.part_of,
  f.toll_state,
  coalesce(f.toll_state = 'earlier', false) AS is_earlier,
  f.event_link,
  coalesce(f.event_link = 'machine', false) AS is_machine,
  l.score AS link_score,
  l.basis AS link_basis,
  l.date_matched,
  l.date_quote,
  l.place_matched,
  l.place_quote,
  l.type_matched,
  l.type_quote,
  l.actor_matched,
  l.actor_quote
FROM figures AS f
JOIN claims AS c ON c.claim_id = f.claim_id
JOIN sources AS s ON s.source_id = f.source_id
LEFT JOIN figures AS t ON t.figure_id = f.part_of
LEFT JOIN event_links AS l ON l.link_id = f.figure_id
WHERE f.event_id IS NOT NULL
ORDER BY
  f.event_id,
  f.measure,
  coalesce(t.value, t.low, t.high, f.value, f.low, f.high),
  coalesce(f.part_of, f.figure_id),
  f.part_of IS NOT NULL,
  coalesce(f.value, f.low, f.high),
  f.figure_id;
