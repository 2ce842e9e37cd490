-- check: the primary key of claims (claim_id) is unique and never empty.
-- returns: each claim_id value that is empty or held by more than one row, with its row count.
SELECT claim_id, count(*) AS n_rows
FROM claims
GROUP BY claim_id
HAVING count(*) > 1 OR claim_id IS NULL OR claim_id = '';
