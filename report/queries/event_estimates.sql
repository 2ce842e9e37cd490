-- Question: for each event and measure, what low, best and high estimates follow from all sources' current totals?
-- Rule: only current figures count (a toll the text reports as superseded is shown, struck through, but not
-- used), and only totals (a breakdown such as "including 58 children" is shown under its total);
-- low is the lowest stated lower bound; high is the highest stated upper bound, or the highest
-- lower bound when that is greater (an open "more than 225" lifts high to 225, open);
-- high_open is true when some source gives only a lower bound; best is the median of the sources'
-- point values (a vague figure has none).
SELECT
  event_id,
  measure,
  count(*) AS n_figures,
  count(DISTINCT source_id) AS n_sources,
  min(low) AS low,
  median(value) AS best,
  greatest(coalesce(max(high), max(low)), coalesce(max(low), max(high))) AS high,
  bool_or(high IS NULL) AS high_open
FROM figures
WHERE event_id IS NOT NULL AND coalesce(toll_state, 'current') = 'current' AND part_of IS NULL
GROUP BY event_id, measure
ORDER BY event_id, measure;
