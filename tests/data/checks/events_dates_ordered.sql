-- check: an event's date range is ordered: date_start <= date_end where both are present.
-- returns: the events whose date_start is after their date_end.
SELECT event_id, date_start, date_end, date_precision
FROM events
WHERE date_start IS NOT NULL AND date_end IS NOT NULL AND date_start > date_end;
