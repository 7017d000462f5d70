-- The park around an incident for the report map: park boundaries, rivers and roads within
-- $3 m of ($1, $2), as GeoJSON.
WITH here AS (
    SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography AS geog
)
SELECT 'park' AS kind, p.code, p.name_zh AS name, ST_AsGeoJSON(p.geom, 6) AS geometry
FROM parks p, here WHERE ST_DWithin(p.geom::geography, here.geog, $3)
UNION ALL
SELECT 'river', r.code, r.name_zh, ST_AsGeoJSON(r.geom, 6)
FROM rivers r, here WHERE ST_DWithin(r.geom::geography, here.geog, $3)
UNION ALL
SELECT 'road', r.code, r.name_zh, ST_AsGeoJSON(r.geom, 6)
FROM roads r, here WHERE ST_DWithin(r.geom::geography, here.geog, $3)
