-- Question: which events do the articles report, when and where, and how well corroborated is each?
-- Curated events, and machine events that two or more independent sources report (a machine event of one
-- source is on its source's page only).  is_machine_event: review_status is machine.
SELECT
  event_id,
  title,
  event_type,
  date_start,
  date_end,
  date_precision,
  place,
  n_sources,
  n_publishers,
  n_reviewed_sources,
  n_machine_sources,
  n_independent_sources,
  review_status,
  review_status = 'machine' AS is_machine_event,
  n_claims,
  n_figures,
  corroboration
FROM events
WHERE review_status = 'reviewed' OR n_independent_sources >= 2
ORDER BY date_start NULLS LAST, event_id;
