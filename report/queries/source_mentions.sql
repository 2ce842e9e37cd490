-- Question: which dates, places and attributions did the extractor find in each article, what do they resolve to, and how often does each occur?
-- One row per distinct mention of an article: the same words resolved the same way are one row, with the
-- number of times they occur (n_occurrences) and where the first one starts (char_start).
SELECT
  m.source_id,
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
  m.review_status,
  count(*) AS n_occurrences,
  min(m.char_start) AS char_start
FROM mentions AS m
GROUP BY ALL
ORDER BY m.source_id, char_start, m.kind, m.text, m.claimant, m.review_status;
