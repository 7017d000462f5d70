-- The pipe nearest to a point (optionally in one network), where along it the point
-- falls (0 = from_node, 1 = to_node) and how far the point is from it in metres.
-- Ordered in Web Mercator, which is conformal: locally the nearest there is the nearest.
WITH spill AS (
    SELECT ST_SetSRID(ST_MakePoint(:lon, :lat), 4326) AS geom
)
SELECT p.id,
       p.from_node,
       p.to_node,
       coalesce(p.length_m, 0.0) AS length_m,
       ST_LineLocatePoint(p.geom, spill.geom) AS fraction,
       ST_Distance(p.geom::geography, spill.geom::geography) AS distance_m
FROM pipes p, spill
WHERE CAST(:network AS text) IS NULL OR p.network = CAST(:network AS text)
ORDER BY p.geom_3857 <-> ST_Transform(spill.geom, 3857)
LIMIT 1
