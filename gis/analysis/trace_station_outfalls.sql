-- Outfalls connected to the pipe network within $2 m of station $1, nearest first, with the station.
SELECT s.id AS station_id, s.code AS station_code, s.name_zh AS station_name, s.kind AS station_kind,
       o.id AS outfall_id, o.code AS outfall_code, o.name_zh AS outfall_name,
       ST_Distance(o.geom::geography, s.geom::geography) AS distance_m
FROM stations s
LEFT JOIN outfalls o ON o.node_id IS NOT NULL AND ST_DWithin(o.geom::geography, s.geom::geography, $2)
WHERE s.id = $1
ORDER BY distance_m NULLS LAST, o.id
