-- Every scene of the catalog with its footprint as GeoJSON and its bounds, oldest first.
SELECT id,
       name,
       sensor,
       acquired,
       bands,
       cloud_cover,
       path,
       synthetic,
       ST_AsGeoJSON(footprint, 7) AS footprint,
       ST_XMin(footprint) AS west,
       ST_YMin(footprint) AS south,
       ST_XMax(footprint) AS east,
       ST_YMax(footprint) AS north
FROM raster_scenes
ORDER BY acquired, name
