-- check: the primary key of mentions (mention_id) is unique and never empty.
-- returns: each mention_id value that is empty or held by more than one row, with its row count.
SELECT mention_id, count(*) AS n_rows
FROM mentions
GROUP BY mention_id
HAVING count(*) > 1 OR mention_id IS NULL OR mention_id = '';
