-- check: the primary key of sentences (sentence_id) is unique and never empty.
-- returns: each sentence_id value that is empty or held by more than one row, with its row count.
SELECT sentence_id, count(*) AS n_rows
FROM sentences
GROUP BY sentence_id
HAVING count(*) > 1 OR sentence_id IS NULL OR sentence_id = '';
