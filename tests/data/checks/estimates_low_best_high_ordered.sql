-- check: every estimate has low <= best <= high, and rests on at least as many figures as sources and publishers.
-- returns: the estimates rows out of order.
SELECT *
FROM estimates
WHERE low > best OR best > high OR low > high
   OR n_figures < n_sources OR n_sources < n_independent_sources;
