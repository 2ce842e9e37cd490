-- check: the primary key of figures (figure_id) is unique and never empty.
-- returns: each figure_id value that is empty or held by more than one row, with its row count.
SELECT figure_id, count(*) AS n_rows
FROM figures
GROUP BY figure_id
HAVING count(*) > 1 OR figure_id IS NULL OR figure_id = '';
