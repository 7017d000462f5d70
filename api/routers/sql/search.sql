-- Places whose name or code matches, for the map's search box: each place once, at most
-- $4 of each kind, enterprises first.  $1: pattern (ILIKE), $2: the caller's own enterprise
-- when it is an enterprise account (scopes stations and storage units), $3: limit.
-- A storage unit is named by its chemical and carries its enterprise's name.
WITH hits AS (
    SELECT 1 AS rank, 'enterprise' AS kind, 'enterprises' AS layer, e.id, e.code, e.name_zh, e.name_en,
           NULL::text AS enterprise_zh, NULL::text AS enterprise_en, NULL::text AS cas,
           ST_PointOnSurface(e.geom) AS point
    FROM enterprises e
    WHERE e.name_zh ILIKE $1 OR e.name_en ILIKE $1 OR e.code ILIKE $1 OR e.credit_code ILIKE $1
  UNION ALL
    SELECT 2, 'station', 'stations', s.id, s.code, s.name_zh, s.name_en,
           e.name_zh, e.name_en, NULL, s.geom
    FROM stations s
    LEFT JOIN enterprises e ON e.id = s.enterprise_id
    WHERE (s.name_zh ILIKE $1 OR s.name_en ILIKE $1 OR s.code ILIKE $1 OR s.mn ILIKE $1)
      AND ($2::int IS NULL OR s.enterprise_id = $2)
  UNION ALL
    SELECT 3, 'outfall', 'outfalls', o.id, o.code, o.name_zh, o.name_en, NULL, NULL, NULL, o.geom
    FROM outfalls o
    WHERE o.name_zh ILIKE $1 OR o.name_en ILIKE $1 OR o.code ILIKE $1
  UNION ALL
    SELECT 4, 'storage_unit', 'storage_units', u.id, u.code, c.name_zh, c.name_en,
           e.name_zh, e.name_en, c.cas, u.geom
    FROM storage_units u
    JOIN chemicals c ON c.id = u.chemical_id
    JOIN enterprises e ON e.id = u.enterprise_id
    WHERE (c.name_zh ILIKE $1 OR c.name_en ILIKE $1 OR c.cas ILIKE $1 OR u.code ILIKE $1)
      AND ($2::int IS NULL OR u.enterprise_id = $2)
), ranked AS (
    SELECT *, row_number() OVER (
        PARTITION BY kind
        ORDER BY (name_zh ILIKE $1 OR name_en ILIKE $1) DESC, length(name_zh), code
    ) AS place
    FROM hits
)
SELECT kind, layer, id, code, name_zh, name_en, enterprise_zh, enterprise_en, cas,
       ST_X(point) AS lon, ST_Y(point) AS lat
FROM ranked
WHERE place <= $4
ORDER BY rank, place
LIMIT $3
