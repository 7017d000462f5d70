-- name: place
-- The enterprise whose plot holds the point, and whether the point lies in the park.
SELECT (SELECT jsonb_build_object('id', e.id, 'code', e.code, 'name_zh', e.name_zh, 'name_en', e.name_en)
          FROM enterprises e WHERE ST_Covers(e.geom, p.geom) ORDER BY ST_Area(e.geom) LIMIT 1)::text AS enterprise,
       EXISTS (SELECT 1 FROM parks k WHERE ST_Covers(k.geom, p.geom)) AS inside_park
FROM (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS geom) p

-- name: stations
-- Monitoring stations within the radius, with their open alarms.
SELECT s.id, s.code, s.name_zh, s.kind, s.enterprise_id, ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat,
       ST_Distance(s.geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography) AS distance_m,
       EXISTS (SELECT 1 FROM parks k WHERE ST_Covers(k.geom, s.geom)) AS inside_park,
       (SELECT coalesce(jsonb_agg(jsonb_build_object('id', a.id, 'rule', a.rule, 'parameter', a.parameter,
                                                     'value', a.value, 'opened_at', a.opened_at)
                                  ORDER BY a.opened_at DESC), '[]')
          FROM alarms a WHERE a.station_id = s.id AND a.status = 'open')::text AS open_alarms
FROM stations s
WHERE ST_DWithin(s.geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, $3)
ORDER BY distance_m

-- name: downstream
-- From the pipe node nearest the point (within $3 m), everything downstream along the flow:
-- rain gates, plant inlets and outfalls reached. UNION ends the walk on loops.
WITH RECURSIVE start AS (
    SELECT n.id FROM pipe_nodes n
    WHERE ST_DWithin(n.geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, $3)
    ORDER BY n.geom::geography <-> ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography
    LIMIT 1
),
reach(node_id) AS (
    SELECT id FROM start
  UNION
    SELECT p.to_node FROM reach r JOIN pipes p ON p.from_node = r.node_id
)
SELECT (SELECT id FROM start) AS start_node,
       (SELECT array_agg(p.id) FROM pipes p WHERE p.from_node IN (SELECT node_id FROM reach)) AS pipe_ids,
       (SELECT coalesce(jsonb_agg(jsonb_build_object('id', n.id, 'code', n.code, 'state', n.state,
                                                     'lon', ST_X(n.geom), 'lat', ST_Y(n.geom)) ORDER BY n.code), '[]')
          FROM pipe_nodes n WHERE n.id IN (SELECT node_id FROM reach) AND n.kind = 'rain_gate')::text AS rain_gates,
       (SELECT coalesce(jsonb_agg(jsonb_build_object('id', n.id, 'code', n.code, 'enterprise_id', n.enterprise_id,
                                                     'lon', ST_X(n.geom), 'lat', ST_Y(n.geom)) ORDER BY n.code), '[]')
          FROM pipe_nodes n WHERE n.id IN (SELECT node_id FROM reach) AND n.kind = 'plant_inlet')::text AS plant_inlets,
       (SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'id', o.id, 'code', o.code, 'name_zh', o.name_zh, 'kind', o.kind,
                   'receiving_water', o.receiving_water, 'rectification_status', o.rectification_status,
                   'lon', ST_X(o.geom), 'lat', ST_Y(o.geom),
                   'exceeded', EXISTS (SELECT 1 FROM outfall_samples s WHERE s.outfall_id = o.id
                                         AND s.limit_value IS NOT NULL AND s.value > s.limit_value
                                         AND s.sampled_at > $4::timestamptz - interval '7 days'))
                   ORDER BY o.code), '[]')
          FROM outfalls o WHERE o.node_id IN (SELECT node_id FROM reach))::text AS outfalls

-- name: river_stations
-- Water-quality stations outside the park within $3 m of the given outfall points, nearest first.
SELECT s.id, s.code, s.name_zh, ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat,
       min(ST_Distance(s.geom::geography, ST_SetSRID(ST_MakePoint(o.lon, o.lat), 4326)::geography)) AS distance_m,
       (SELECT count(*) FROM alarms a WHERE a.station_id = s.id AND a.status = 'open') AS open_alarms
FROM stations s
JOIN unnest($1::float8[], $2::float8[]) AS o(lon, lat)
  ON ST_DWithin(s.geom::geography, ST_SetSRID(ST_MakePoint(o.lon, o.lat), 4326)::geography, $3)
WHERE s.kind = 'water_quality'
  AND NOT EXISTS (SELECT 1 FROM parks k WHERE ST_Covers(k.geom, s.geom))
GROUP BY s.id
ORDER BY distance_m

-- name: storage_units
SELECT u.id, u.code, u.kind, u.quantity_t, c.name_zh AS chemical_name_zh, c.cas, u.enterprise_id,
       ST_X(u.geom) AS lon, ST_Y(u.geom) AS lat,
       ST_Distance(u.geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography) AS distance_m
FROM storage_units u JOIN chemicals c ON c.id = u.chemical_id
WHERE ST_DWithin(u.geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, $3)
ORDER BY distance_m
LIMIT 50

-- name: emergency_pools
SELECT id, code, name_zh, capacity, ST_X(geom) AS lon, ST_Y(geom) AS lat,
       ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography) AS distance_m
FROM resources
WHERE kind = 'emergency_pool'
ORDER BY geom::geography <-> ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography
LIMIT 3
