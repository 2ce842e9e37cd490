-- Question: which dates, places and attributions did the extractor find in each article, and what do they resolve to?
SELECT
  m.source_id,
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
ORDER BY m.source_id, m.char_start, m.kind;
