-- Question: on which events and measures do sources disagree, and by how much? Ordered by spread.
-- Two sources disagree when their point values differ; spread is the largest point value minus the
-- smallest, and relative spread divides it by the median point value.  Only current totals are compared
-- (not breakdowns, not superseded tolls).  Machine events count when two or more independent sources
-- report them; n_machine_figures says how many of the figures the machine linked;
-- is_machine_event: the event is a machine event.
WITH per_measure AS (
  SELECT
    f.event_id,
    f.measure,
    count(DISTINCT f.source_id) AS n_sources,
    count(*) AS n_figures,
    count(*) FILTER (WHERE f.event_link = 'machine') AS n_machine_figures,
    min(f.value) AS min_value,
    max(f.value) AS max_value,
    median(f.value) AS median_value,
    min(f.low) AS low,
    greatest(max(f.high), max(f.low)) AS high,
    string_agg(DISTINCT f.qualifier, ', ' ORDER BY f.qualifier) AS qualifiers
  FROM figures AS f
  WHERE f.event_id IS NOT NULL AND f.value IS NOT NULL
    AND coalesce(f.toll_state, 'current') = 'current' AND f.part_of IS NULL
  GROUP BY f.event_id, f.measure
)
SELECT
  p.event_id,
  e.title AS event_title,
  p.measure,
  p.n_sources,
  p.n_figures,
  p.n_machine_figures,
  e.review_status = 'machine' AS is_machine_event,
  p.min_value,
  p.max_value,
  p.median_value,
  p.max_value - p.min_value AS spread,
  round((p.max_value - p.min_value) / p.median_value, 3) AS relative_spread,
  p.qualifiers
FROM per_measure AS p
JOIN events AS e ON e.event_id = p.event_id
WHERE p.n_sources >= 2 AND p.max_value > p.min_value
  AND (e.review_status = 'reviewed' OR e.n_independent_sources >= 2)
ORDER BY spread DESC, relative_spread DESC, p.event_id, p.measure;
