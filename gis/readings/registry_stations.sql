-- Every station the doors may take readings for, with the park it belongs to: its
-- enterprise's park, else the nearest park within 5 km (boundary stations sit at the fence).
SELECT s.id, s.code, s.kind, s.mn, s.parameters, coalesce(pe.code, pn.code) AS park_code
FROM stations s
LEFT JOIN enterprises e ON e.id = s.enterprise_id
LEFT JOIN parks pe ON pe.id = e.park_id
LEFT JOIN LATERAL (
    SELECT p.code
    FROM parks p
    WHERE ST_DWithin(p.geom::geography, s.geom::geography, 5000)
    ORDER BY ST_Distance(p.geom::geography, s.geom::geography)
    LIMIT 1
) pn ON pe.code IS NULL
