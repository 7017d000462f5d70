-- The $6 nearest resources of each kind in $5 to the source ($3, $4), with distance and
-- bearing (° clockwise from north) from the source on the spheroid, and the zones ($1 labels,
-- $2 GeoJSON, most severe first) each lies in.
WITH zone AS MATERIALIZED (
    SELECT z.ord, z.label, ST_SetSRID(ST_GeomFromGeoJSON(z.geojson), 4326) AS geom
    FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS z(label, geojson, ord)
),
source AS (
    SELECT ST_SetSRID(ST_MakePoint($3, $4), 4326) AS geom
),
ranked AS (
    SELECT r.id, r.code, r.kind, r.name_zh, r.name_en, r.capacity, r.contact, r.materials, r.geom,
           ST_Distance(r.geom::geography, s.geom::geography) AS distance_m,
           degrees(ST_Azimuth(s.geom::geography, r.geom::geography)) AS bearing_deg,
           row_number() OVER (PARTITION BY r.kind
                              ORDER BY ST_Distance(r.geom::geography, s.geom::geography), r.id) AS nth
    FROM resources r, source s
    WHERE r.kind = ANY($5::text[])
)
SELECT r.id, r.code, r.kind, r.name_zh, r.name_en, r.capacity, r.contact, r.materials::text AS materials,
       r.distance_m, r.bearing_deg, ST_X(r.geom) AS lon, ST_Y(r.geom) AS lat,
       coalesce((SELECT array_agg(z.label ORDER BY z.ord) FROM zone z WHERE ST_Intersects(z.geom, r.geom)),
                '{}') AS zones
FROM ranked r
WHERE r.nth <= $6
ORDER BY r.kind, r.distance_m, r.id
