-- Question: what is known about each article: its publisher, date (with precision and basis), url and place in the raw file?
SELECT
  source_id,
  title,
  publisher,
  publisher_basis,
  dateline,
  published,
  published_precision,
  published_basis,
  published_note,
  url,
  raw_path,
  raw_sha256,
  char_start,
  char_end,
  text_sha256,
  word_count,
  n_claims,
  n_figures,
  review_status,
  repeats_source_id
FROM sources
ORDER BY source_id;
