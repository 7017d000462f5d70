-- One of the enterprises by id ($1), with its outline as GeoJSON.
SELECT id, code, name_zh, name_en, ST_AsGeoJSON(geom) AS geometry
FROM enterprises
WHERE id = $1
