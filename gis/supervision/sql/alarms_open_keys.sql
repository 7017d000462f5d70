-- The open alarms of the stations: what a batch's findings need not open again.
SELECT station_id, parameter, rule
FROM alarms
WHERE status = 'open' AND station_id = ANY($1::int[])
