-- Question: what is recorded about each event: type, dates and their basis, place and coordinates, actors and corroboration?
-- is_machine_event: review_status is machine (an event the machine made).
SELECT
  event_id,
  title,
  event_type,
  date_start,
  date_end,
  date_precision,
  date_basis,
  place,
  latitude,
  longitude,
  geo_precision,
  actors,
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
ORDER BY event_id;
