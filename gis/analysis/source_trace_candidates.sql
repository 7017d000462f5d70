-- Candidate sources: enterprises of the industries $1 (at their footprint's centroid) and
-- storage units holding the chemicals $2 (CAS numbers), each with its enterprise.
SELECT 'enterprise' AS kind, e.id, e.code, e.name_zh AS name, e.industry AS detail,
       ST_X(ST_Centroid(e.geom)) AS lon, ST_Y(ST_Centroid(e.geom)) AS lat,
       e.id AS enterprise_id, e.code AS enterprise_code, e.name_zh AS enterprise_name
FROM enterprises e
WHERE e.industry = ANY($1::text[])
UNION ALL
SELECT 'storage_unit', u.id, u.code, c.name_en, c.cas,
       ST_X(u.geom), ST_Y(u.geom),
       e.id, e.code, e.name_zh
FROM storage_units u
JOIN chemicals c ON c.id = u.chemical_id
JOIN enterprises e ON e.id = u.enterprise_id
WHERE c.cas = ANY($2::text[])
ORDER BY 1, 3
