-- Zones lying on both scenes ($1, $2: raster_scenes.id), with their outline as GeoJSON.
SELECT f.id, f.code, f.name_zh, f.name_en, ST_AsGeoJSON(f.geom) AS geometry
FROM zones AS f
JOIN raster_scenes AS a ON a.id = $1
JOIN raster_scenes AS b ON b.id = $2
WHERE ST_Intersects(f.geom, a.footprint)
  AND ST_Intersects(f.geom, b.footprint)
ORDER BY f.id
