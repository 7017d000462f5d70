-- A synthetic stress park for the tile benchmark: about 200,000 pipe segments (rain and
-- sewage lattices with 35 m manhole spacing over 10 km x 6 km), 2,000 enterprises,
-- 6,000 storage units, 5,000 stations. Diameters follow the lattice: every 20th line is a
-- trunk main (1000-1500 mm), every 5th a secondary main (600-800 mm), the rest 300-500 mm.
BEGIN;
INSERT INTO parks (id, code, name_zh, name_en, synthetic, geom)
VALUES (1, 'STRESS', '压力测试园区', 'Stress park', true,
        ST_Multi(ST_MakeEnvelope(121.0, 31.0, 121.0 + 289 * 0.000367, 31.0 + 171 * 0.000315, 4326)));
INSERT INTO zones (id, park_id, code, kind, name_zh, name_en, geom)
SELECT z, 1, 'STRESS-Z' || z, 'industrial', '分区' || z, 'Zone ' || z,
       ST_Multi(ST_MakeEnvelope(121.0 + (z - 1) * 0.0212, 31.0, 121.0 + z * 0.0212, 31.0539, 4326))
  FROM generate_series(1, 5) AS z;

INSERT INTO chemicals (id, cas, name_zh, name_en, hazard_class, gb18218_critical_t) VALUES
  (1, '7782-50-5', '氯', 'chlorine', 'toxic gas', 5),
  (2, '67-56-1', '甲醇', 'methanol', 'W5.3', 500),
  (3, '1333-74-0', '氢', 'hydrogen', 'W2', 5),
  (4, '7664-41-7', '氨', 'ammonia', 'J3', 10),
  (5, '108-88-3', '甲苯', 'toluene', 'W5.4', 500);

INSERT INTO enterprises (id, park_id, code, credit_code, name_zh, name_en, industry, risk_level, health_code,
                         employees, contact, phone, geom)
SELECT n, 1, 'STRESS-E' || lpad(n::text, 5, '0'), '9151050' || lpad(n::text, 11, '0'),
       '压力测试企业' || n || '有限公司', 'Stress Enterprise ' || n || ' Co., Ltd.',
       (ARRAY['chlor_alkali', 'basic_chemical', 'fine_chemical', 'pharma_intermediate', 'logistics',
              'hazardous_waste', 'lithium_battery_materials', 'utility'])[1 + n % 8],
       (ARRAY['general', 'larger', 'major'])[1 + n % 3],
       (ARRAY['green', 'yellow', 'orange', 'red'])[1 + n % 4],
       50 + n % 900, 'Contact ' || n, '1380000' || lpad(n::text, 4, '0'),
       ST_Multi(ST_MakeEnvelope(121.0 + (n % 67) * 0.00158 + 0.0002, 31.0 + (n / 67) * 0.0018 + 0.0002,
                                121.0 + (n % 67) * 0.00158 + 0.0013, 31.0 + (n / 67) * 0.0018 + 0.0015, 4326))
  FROM generate_series(1, 2000) AS n;

INSERT INTO storage_units (id, enterprise_id, chemical_id, code, kind, quantity_t, capacity_t, geom)
SELECT n, 1 + (n - 1) / 3, 1 + n % 5, 'STRESS-S' || n, 'tank', 5 + n % 50, 60,
       ST_SetSRID(ST_MakePoint(121.0 + (((n - 1) / 3 + 1) % 67) * 0.00158 + 0.0004 + (n % 3) * 0.0003,
                               31.0 + (((n - 1) / 3 + 1) / 67) * 0.0018 + 0.0008), 4326)
  FROM generate_series(1, 6000) AS n;

-- nodes: rain lattice ids 1.., sewage lattice ids 100001.. (8 m east of the rain one)
INSERT INTO pipe_nodes (id, code, network, kind, state, geom)
SELECT net.base + j * 290 + i, net.prefix || (j * 290 + i), net.network,
       CASE WHEN net.network = 'rain' AND i % 40 = 0 AND j % 20 = 0 THEN 'rain_gate' ELSE 'manhole' END,
       CASE WHEN net.network = 'rain' AND i % 40 = 0 AND j % 20 = 0 THEN 'closed' END,
       ST_SetSRID(ST_MakePoint(121.0 + i * 0.000367 + net.shift, 31.0 + j * 0.000315), 4326)
  FROM (VALUES (1, 'R', 'rain', 0.0), (100001, 'W', 'sewage', 0.000084)) AS net(base, prefix, network, shift),
       generate_series(0, 290 - 1) AS i, generate_series(0, 172 - 1) AS j;

INSERT INTO pipes (code, network, from_node, to_node, diameter_mm, material, geom)
SELECT net.prefix || '-' || a || '-' || b, net.network, a, b,
       CASE WHEN line % 20 = 0 THEN 1000 + (line / 20 % 3) * 250
            WHEN line % 5 = 0 THEN 600 + (line % 2) * 200
            ELSE net.smallest + (a % 3) * 100 END,
       CASE WHEN line % 5 = 0 THEN 'reinforced_concrete' ELSE 'hdpe' END,
       ST_MakeLine(na.geom, nb.geom)
  FROM (VALUES (1, 'RP', 'rain', 400), (100001, 'SP', 'sewage', 300)) AS net(base, prefix, network, smallest),
       LATERAL (
           SELECT net.base + j * 290 + i AS a, net.base + j * 290 + i + 1 AS b, j AS line
             FROM generate_series(0, 290 - 2) AS i, generate_series(0, 172 - 1) AS j
           UNION ALL
           SELECT net.base + j * 290 + i, net.base + (j + 1) * 290 + i, i
             FROM generate_series(0, 290 - 1) AS i, generate_series(0, 172 - 2) AS j
       ) AS edge
  JOIN pipe_nodes AS na ON na.id = edge.a
  JOIN pipe_nodes AS nb ON nb.id = edge.b;

INSERT INTO stations (id, code, mn, name_zh, name_en, kind, enterprise_id, parameters, geom)
SELECT n, 'STRESS-ST' || n, '8888' || lpad(n::text, 10, '0'), '监测站' || n, 'Station ' || n,
       (ARRAY['air_boundary', 'voc', 'water_quality', 'cems_outlet', 'met'])[1 + n % 5],
       CASE WHEN n % 5 IN (1, 3) THEN 1 + n % 2000 END,
       '{SO2,NOx,PM10}',
       ST_SetSRID(ST_MakePoint(121.0 + random() * 0.106, 31.0 + random() * 0.0539), 4326)
  FROM generate_series(1, 5000) AS n;

INSERT INTO outfalls (code, name_zh, name_en, kind, receiving_water, geom)
SELECT 'STRESS-OF' || n, '排口' || n, 'Outfall ' || n, (ARRAY['industrial', 'rain', 'mixed'])[1 + n % 3],
       'Stress river', ST_SetSRID(ST_MakePoint(121.0 + n * 0.002, 30.9995), 4326)
  FROM generate_series(1, 50) AS n;
INSERT INTO rivers (code, name_zh, name_en, kind, geom)
VALUES ('STRESS-RV', '压力河', 'Stress river', 'river', ST_MakeEnvelope(120.99, 30.995, 121.12, 30.999, 4326));
INSERT INTO roads (code, name_zh, name_en, kind, geom)
SELECT 'STRESS-RD' || n, '路' || n, 'Road ' || n, CASE WHEN n % 4 = 0 THEN 'trunk' ELSE 'secondary' END,
       ST_MakeLine(ST_SetSRID(ST_MakePoint(121.0, 31.0 + n * 0.0018), 4326),
                   ST_SetSRID(ST_MakePoint(121.106, 31.0 + n * 0.0018), 4326))
  FROM generate_series(0, 29) AS n;
INSERT INTO resources (code, kind, name_zh, name_en, capacity, geom)
SELECT 'STRESS-RS' || n, (ARRAY['fire_station', 'material_depot', 'shelter'])[1 + n % 3], '资源' || n,
       'Resource ' || n, 100, ST_SetSRID(ST_MakePoint(121.0 + n * 0.005, 31.05), 4326)
  FROM generate_series(1, 20) AS n;
INSERT INTO population_points (code, name_zh, name_en, kind, people, geom)
SELECT 'STRESS-PP' || n, '村' || n, 'Village ' || n, 'village', 500, ST_SetSRID(ST_MakePoint(121.0 + n * 0.005, 31.06), 4326)
  FROM generate_series(1, 20) AS n;
COMMIT;
ANALYZE;
