-- Plant boundaries of the enterprises $1, as GeoJSON (7 decimals).
SELECT id, ST_AsGeoJSON(geom, 7) AS geometry
FROM enterprises
WHERE id = ANY($1::int[])
