-- check: the primary key of event_links (link_id) is unique and never empty.
-- returns: each link_id value that is empty or held by more than one row, with its row count.
SELECT link_id, count(*) AS n_rows
FROM event_links
GROUP BY link_id
HAVING count(*) > 1 OR link_id IS NULL OR link_id = '';
