-- Question: where did one event happen, place by place, with gazetteer ids and coordinates?
SELECT
  place_order,
  place,
  gazetteer_name,
  geonames_id,
  country_code,
  latitude,
  longitude,
  geo_precision
FROM event_places
WHERE event_id = $event_id
ORDER BY place_order;
