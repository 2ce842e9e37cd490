-- Question: which events do the articles report, when and where, and how well corroborated is each?
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
  n_claims,
  n_figures,
  corroboration
FROM events
ORDER BY date_start NULLS LAST, event_id;
