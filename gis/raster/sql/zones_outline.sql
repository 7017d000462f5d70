-- One of the zones by id ($1), with its outline as GeoJSON.
SELECT id, code, name_zh, name_en, ST_AsGeoJSON(geom) AS geometry
FROM zones
WHERE id = $1
