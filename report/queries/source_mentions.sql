-- Question: which dates, places and attributions did the extractor find in one article, and what do they resolve to?
SELECT
  m.mention_id,
  m.kind,
  m.text,
  m.date_start,
  m.date_end,
  m.date_precision,
  m.gazetteer_name,
  m.geonames_id,
  m.latitude,
  m.longitude,
  m.claimant,
  m.char_start,
  m.review_status
FROM mentions AS m
WHERE m.source_id = $source_id
ORDER BY m.char_start, m.kind;
