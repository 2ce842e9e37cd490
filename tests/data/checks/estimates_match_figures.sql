-- check: each event's estimates rest on figures of that event and measure: never on more than the figures table holds
-- (all places' rows together; a figure that restates an earlier toll or is part of another counts toward none).
-- returns: each (event_id, measure) whose estimates count more figures than the figures table holds for it.
WITH e AS (SELECT event_id, measure, sum(n_figures) AS n FROM estimates GROUP BY event_id, measure),
f AS (SELECT event_id, measure, count(*) AS n FROM figures WHERE event_id IS NOT NULL GROUP BY event_id, measure)
SELECT e.event_id, e.measure, e.n AS in_estimates, f.n AS in_figures
FROM e LEFT JOIN f ON e.event_id = f.event_id AND e.measure = f.measure
WHERE e.n > coalesce(f.n, 0);
