SELECT id, parkmap_station_class(kind, enterprise_id, parameters) AS class, enterprise_id
FROM stations
WHERE id = ANY($1::int[])
