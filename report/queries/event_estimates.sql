-- Question: for each event, measure and place, what low, best and high estimates follow from all sources' figures?
-- The estimates table holds them (its fields' descriptions state the rule); place_order 0 is the event as a whole.
SELECT
  event_id,
  measure,
  place_order,
  place,
  CASE WHEN place_order = 0 THEN 'all places: ' || place ELSE place END AS place_label,
  n_figures,
  n_sources,
  n_independent_sources,
  low,
  best,
  high,
  high_bound = 'open' AS high_open,
  rule
FROM estimates
ORDER BY event_id, measure, place_order;
