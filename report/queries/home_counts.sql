-- Question: how many sources, claims, figures, events and sentences does the package hold, and how much of the text do claims cover?
SELECT
  (SELECT count(*) FROM sources) AS n_sources,
  (SELECT count(*) FROM claims) AS n_claims,
  (SELECT count(*) FROM figures) AS n_figures,
  (SELECT count(*) FROM events) AS n_events,
  (SELECT count(*) FROM sentences) AS n_sentences,
  (SELECT count(*) FROM sentences WHERE coverage = 'claim') AS n_sentences_with_claims,
  (SELECT count(DISTINCT publisher) FROM sources) AS n_publishers;
