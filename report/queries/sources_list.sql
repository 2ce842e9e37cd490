-- Question: which articles does the corpus hold, who published them and when, and how many claims and figures does each carry?
SELECT
  source_id,
  title,
  publisher,
  published,
  published_precision,
  n_claims,
  n_figures,
  word_count,
  review_status
FROM sources
ORDER BY raw_path, char_start;
