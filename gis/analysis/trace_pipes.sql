-- Traced pipes as GeoJSON lines (7 decimals ≈ 1 cm), in flow direction.
SELECT p.id, p.code, p.network, p.diameter_mm, p.length_m, p.from_node, p.to_node,
       ST_AsGeoJSON(p.geom, 7) AS geometry
FROM pipes p
WHERE p.id = ANY($1::int[])
ORDER BY p.id
