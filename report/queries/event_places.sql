-- Question: where did each event happen, place by place, with gazetteer ids and coordinates?
SELECT
  event_id,
  place_order,
  place,
  gazetteer_name,
  geonames_id,
  country_code,
  latitude,
  longitude,
  geo_precision
FROM event_places
ORDER BY event_id, place_order;
