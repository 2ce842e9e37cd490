-- check: the primary key of sources (source_id) is unique and never empty.
-- returns: each source_id value that is empty or held by more than one row, with its row count.
SELECT source_id, count(*) AS n_rows
FROM sources
GROUP BY source_id
HAVING count(*) > 1 OR source_id IS NULL OR source_id = '';
