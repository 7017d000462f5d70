-- The nearest enterprises, outfalls, stations and resources to a point, by true distance
-- on the ellipsoid.  KNN (<->) on the indexed geometry picks candidates fast; geography
-- gives the metres shown to the inspector.  $1 lon, $2 lat, $3 kinds, $4 limit per kind,
-- $5 the caller's own enterprise when it is an enterprise account (scopes stations).
WITH here AS (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS point)
SELECT * FROM (
    (SELECT 'enterprise' AS kind, 'enterprises' AS layer, e.id, e.code, e.name_zh, e.name_en,
            ST_X(ST_PointOnSurface(e.geom)) AS lon, ST_Y(ST_PointOnSurface(e.geom)) AS lat,
            ST_Distance(e.geom::geography, here.point::geography) AS distance_m
     FROM enterprises e, here WHERE 'enterprise' = ANY($3)
     ORDER BY e.geom <-> here.point LIMIT $4)
  UNION ALL
    (SELECT 'outfall', 'outfalls', o.id, o.code, o.name_zh, o.name_en, ST_X(o.geom), ST_Y(o.geom),
            ST_Distance(o.geom::geography, here.point::geography)
     FROM outfalls o, here WHERE 'outfall' = ANY($3)
     ORDER BY o.geom <-> here.point LIMIT $4)
  UNION ALL
    (SELECT 'station', 'stations', s.id, s.code, s.name_zh, s.name_en, ST_X(s.geom), ST_Y(s.geom),
            ST_Distance(s.geom::geography, here.point::geography)
     FROM stations s, here WHERE 'station' = ANY($3) AND ($5::int IS NULL OR s.enterprise_id = $5)
     ORDER BY s.geom <-> here.point LIMIT $4)
  UNION ALL
    (SELECT 'resource', 'resources', r.id, r.code, r.name_zh, r.name_en, ST_X(r.geom), ST_Y(r.geom),
            ST_Distance(r.geom::geography, here.point::geography)
     FROM resources r, here WHERE 'resource' = ANY($3)
     ORDER BY r.geom <-> here.point LIMIT $4)
) AS near
ORDER BY distance_m
