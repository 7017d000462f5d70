-- The open alarms of the stations: what a batch's findings need not open again, and the
-- missing-data alarms its readings close.
SELECT station_id, parameter, rule
FROM alarms
WHERE status = 'open' AND station_id = ANY($1::int[])
