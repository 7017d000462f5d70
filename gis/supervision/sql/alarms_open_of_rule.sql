-- The series of the stations with an open alarm of one rule ($2).
SELECT station_id, parameter
FROM alarms
WHERE status = 'open' AND rule = $2 AND station_id = ANY($1::int[])
