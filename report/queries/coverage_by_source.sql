-- Question: for each article, what share of its sentences is covered by at least one claim, and how many assert nothing?
SELECT
  s.source_id,
  s.publisher,
  count(*) AS n_sentences,
  count(*) FILTER (WHERE t.coverage = 'claim') AS n_with_claims,
  count(*) FILTER (WHERE t.coverage = 'non_claim') AS n_non_claims,
  count(*) FILTER (WHERE t.coverage = 'uncovered') AS n_uncovered,
  round(count(*) FILTER (WHERE t.coverage = 'claim') / count(*), 3) AS share_with_claims
FROM sentences AS t
JOIN sources AS s ON s.source_id = t.source_id
GROUP BY s.source_id, s.publisher, s.raw_path, s.char_start
ORDER BY s.raw_path, s.char_start;
