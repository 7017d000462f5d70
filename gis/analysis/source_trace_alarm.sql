-- An alarm with its station.
SELECT a.id, a.station_id, a.parameter, a.rule, a.opened_at, a.value, s.code AS station_code, s.kind AS station_kind
FROM alarms a
JOIN stations s ON s.id = a.station_id
WHERE a.id = $1
