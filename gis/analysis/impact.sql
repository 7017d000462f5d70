-- Park features inside the zones: $1 zone labels and $2 their GeoJSON geometries (EPSG:4326),
-- most severe first; $3, $4 the source (lon, lat). One row per feature with the zones it
-- touches (most severe first), its distance and bearing (° clockwise from north) from the
-- source on the spheroid, a point to draw it at, and what a responder needs of it (JSON text).
WITH zone AS MATERIALIZED (
    SELECT z.ord, z.label, ST_SetSRID(ST_GeomFromGeoJSON(z.geojson), 4326) AS geom
    FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS z(label, geojson, ord)
),
source AS (
    SELECT ST_SetSRID(ST_MakePoint($3, $4), 4326) AS geom
),
hit AS (
    SELECT 'enterprise' AS category, e.id, e.code, e.name_zh, e.name_en, e.industry AS kind,
           ST_PointOnSurface(e.geom) AS point, e.geom,
           jsonb_build_object('risk_level', e.risk_level, 'employees', e.employees,
                              'contact', e.contact, 'phone', e.phone) AS detail,
           array_agg(z.label ORDER BY z.ord) AS zones, NULL::float8 AS length_inside_m
    FROM enterprises e JOIN zone z ON ST_Intersects(e.geom, z.geom)
    GROUP BY e.id
  UNION ALL
    SELECT 'storage_unit', u.id, u.code, c.name_zh, c.name_en, u.kind, u.geom, u.geom,
           jsonb_build_object('chemical_cas', c.cas, 'quantity_t', u.quantity_t,
                              'enterprise_code', e.code, 'enterprise_name', e.name_zh),
           array_agg(z.label ORDER BY z.ord), NULL
    FROM storage_units u
    JOIN chemicals c ON c.id = u.chemical_id
    JOIN enterprises e ON e.id = u.enterprise_id
    JOIN zone z ON ST_Intersects(u.geom, z.geom)
    GROUP BY u.id, c.id, e.id
  UNION ALL
    SELECT 'population', p.id, p.code, p.name_zh, p.name_en, p.kind, p.geom, p.geom,
           jsonb_build_object('people', p.people),
           array_agg(z.label ORDER BY z.ord), NULL
    FROM population_points p JOIN zone z ON ST_Intersects(p.geom, z.geom)
    GROUP BY p.id
  UNION ALL
    SELECT 'resource', r.id, r.code, r.name_zh, r.name_en, r.kind, r.geom, r.geom,
           jsonb_build_object('capacity', r.capacity, 'contact', r.contact),
           array_agg(z.label ORDER BY z.ord), NULL
    FROM resources r JOIN zone z ON ST_Intersects(r.geom, z.geom)
    GROUP BY r.id
  UNION ALL
    SELECT 'road', r.id, r.code, r.name_zh, r.name_en, r.kind,
           ST_ClosestPoint(r.geom, (SELECT geom FROM source)), r.geom,
           '{}'::jsonb,
           array_agg(z.label ORDER BY z.ord),
           max(ST_Length(ST_Intersection(r.geom, z.geom)::geography))
    FROM roads r JOIN zone z ON ST_Intersects(r.geom, z.geom)
    GROUP BY r.id
)
SELECT h.category, h.id, h.code, h.name_zh, h.name_en, h.kind, h.zones,
       ST_Distance(h.geom::geography, s.geom::geography) AS distance_m,
       degrees(ST_Azimuth(s.geom::geography, h.point::geography)) AS bearing_deg,
       ST_X(h.point) AS lon, ST_Y(h.point) AS lat,
       h.length_inside_m,
       h.detail::text AS detail
FROM hit h, source s
ORDER BY h.category, distance_m, h.id
