-- Question: what is recorded about each event: type, dates and their basis, place and coordinates, actors and corroboration?
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
  n_claims,
  n_figures,
  corroboration
FROM events
ORDER BY event_id;
