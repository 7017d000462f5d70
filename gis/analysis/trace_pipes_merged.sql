-- Traced pipes merged into one line feature per network, for a trace too large to list
-- pipe by pipe (6 decimals ≈ 10 cm).
SELECT p.network, count(*)::int AS pipe_count, coalesce(sum(p.length_m), 0.0) AS length_m,
       ST_AsGeoJSON(ST_LineMerge(ST_Collect(p.geom)), 6) AS geometry
FROM pipes p
WHERE p.id = ANY($1::int[])
GROUP BY p.network
ORDER BY p.network
