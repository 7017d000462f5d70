-- The stations the demo simulator plays, with where they are and which park they report to.
SELECT s.id, s.code, s.kind, s.mn, s.parameters, ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat,
       coalesce(pe.code, pn.code) AS park_code,
       EXISTS (SELECT 1 FROM device_secrets d WHERE d.station_id = s.id AND d.door = 'hj212'
               AND d.revoked_at IS NULL) AS has_secret
FROM stations s
LEFT JOIN enterprises e ON e.id = s.enterprise_id
LEFT JOIN parks pe ON pe.id = e.park_id
LEFT JOIN LATERAL (
    SELECT p.code FROM parks p ORDER BY p.geom <-> s.geom LIMIT 1
) pn ON pe.code IS NULL
ORDER BY s.code
