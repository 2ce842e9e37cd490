-- check: event_links holds one row for each claim or figure whose event_link is machine, on the same event, and no other.
-- returns: the link_id of each row without its machine-linked claim or figure, and of each machine link without its row.
WITH machine AS (
    SELECT figure_id AS link_id, event_id FROM figures WHERE event_link = 'machine'
    UNION ALL
    SELECT claim_id AS link_id, event_id FROM claims WHERE event_link = 'machine'
)
SELECT coalesce(l.link_id, m.link_id) AS link_id, l.event_id AS link_event_id, m.event_id AS machine_event_id
FROM event_links AS l
FULL OUTER JOIN machine AS m ON m.link_id = l.link_id
WHERE l.link_id IS NULL OR m.link_id IS NULL OR l.event_id IS DISTINCT FROM m.event_id;
