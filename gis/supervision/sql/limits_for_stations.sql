-- The limits each station is judged by: its own rows first, then its class's rows.
SELECT DISTINCT ON (s.id, l.parameter, l.averaging, l.bound)
       s.id AS station_id, l.id, l.parameter, l.averaging, l.bound, l.value, l.unit, l.standard, l.clause
FROM stations s
JOIN limits l ON l.station_id = s.id OR l.applies_to = parkmap_station_class(s.kind, s.enterprise_id, s.parameters)
WHERE s.id = ANY($1::int[])
ORDER BY s.id, l.parameter, l.averaging, l.bound, l.station_id NULLS LAST
