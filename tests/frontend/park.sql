-- A small crafted park for the browser tests: every tiled kind of thing once or twice, at
-- known places, with Chinese and English names. Coordinates are lon/lat (EPSG:4326).
INSERT INTO parks (id, code, name_zh, name_en, synthetic, geom) VALUES
  (1, 'TP', '测试化工园区', 'Test Chemical Park', true,
   ST_GeomFromText('MULTIPOLYGON(((120.580 31.938, 120.620 31.938, 120.620 31.960, 120.580 31.960, 120.580 31.938)))', 4326));

INSERT INTO zones (park_id, code, kind, name_zh, name_en, geom) VALUES
  (1, 'Z-CORE', 'core', '核心区', 'Core zone',
   ST_GeomFromText('MULTIPOLYGON(((120.582 31.943, 120.604 31.943, 120.604 31.958, 120.582 31.958, 120.582 31.943)))', 4326));

INSERT INTO enterprises (id, park_id, code, credit_code, name_zh, name_en, industry, risk_level, health_code, employees, contact, phone, geom) VALUES
  (1, 1, 'E-HDSH', '91320000TEST00001A', '华东石化有限公司', 'East China Petrochemical Co.', 'chlor_alkali', 'major', 'red', 820, '王工', '0512-00000001',
   ST_GeomFromText('MULTIPOLYGON(((120.585 31.945, 120.592 31.945, 120.592 31.950, 120.585 31.950, 120.585 31.945)))', 4326)),
  (2, 1, 'E-JHJX', '91320000TEST00002B', '江海精细化工有限公司', 'Jianghai Fine Chemicals Ltd.', 'fine_chemical', 'larger', 'yellow', 240, '李工', '0512-00000002',
   ST_GeomFromText('MULTIPOLYGON(((120.596 31.945, 120.602 31.945, 120.602 31.950, 120.596 31.950, 120.596 31.945)))', 4326)),
  (3, 1, 'E-LTXC', '91320000TEST00003C', '蓝天新材料科技有限公司', 'Blue Sky New Materials Ltd.', 'lithium_battery_materials', 'general', 'green', 130, '赵工', '0512-00000003',
   ST_GeomFromText('MULTIPOLYGON(((120.606 31.951, 120.612 31.951, 120.612 31.956, 120.606 31.956, 120.606 31.951)))', 4326));

INSERT INTO chemicals (id, cas, un_number, name_zh, name_en, hazard_class, molecular_weight, gb18218_critical_t, aegl1_ppm, aegl2_ppm, aegl3_ppm) VALUES
  (1, '7782-50-5', '1017', '氯', 'Chlorine', 'J1', 70.9, 5, 0.5, 2, 20),
  (2, '67-56-1', '1230', '甲醇', 'Methanol', 'W5.3', 32.04, 500, 530, 2100, 7200);

INSERT INTO storage_units (id, enterprise_id, chemical_id, code, kind, quantity_t, capacity_t, geom) VALUES
  (1, 1, 1, 'HDSH-T01', 'tank', 20, 30, ST_SetSRID(ST_MakePoint(120.5880, 31.9480), 4326)),
  (2, 2, 2, 'JHJX-T01', 'tank', 120, 200, ST_SetSRID(ST_MakePoint(120.5990, 31.9470), 4326));

INSERT INTO pipe_nodes (id, code, network, kind, enterprise_id, state, geom) VALUES
  (1, 'R-N1', 'rain', 'enterprise_connection', 1, NULL, ST_SetSRID(ST_MakePoint(120.5880, 31.9450), 4326)),
  (2, 'R-G1', 'rain', 'rain_gate', NULL, 'open', ST_SetSRID(ST_MakePoint(120.5900, 31.9420), 4326)),
  (3, 'R-O1', 'rain', 'outlet', NULL, NULL, ST_SetSRID(ST_MakePoint(120.5900, 31.9400), 4326)),
  (4, 'S-N1', 'sewage', 'enterprise_connection', 2, NULL, ST_SetSRID(ST_MakePoint(120.5990, 31.9450), 4326)),
  (5, 'S-P1', 'sewage', 'plant_inlet', NULL, NULL, ST_SetSRID(ST_MakePoint(120.6150, 31.9440), 4326));

INSERT INTO pipes (code, network, from_node, to_node, diameter_mm, material, geom) VALUES
  ('R-1', 'rain', 1, 2, 600, 'concrete', ST_GeomFromText('LINESTRING(120.5880 31.9450, 120.5900 31.9420)', 4326)),
  ('R-2', 'rain', 2, 3, 800, 'concrete', ST_GeomFromText('LINESTRING(120.5900 31.9420, 120.5900 31.9400)', 4326)),
  ('S-1', 'sewage', 4, 5, 300, 'HDPE', ST_GeomFromText('LINESTRING(120.5990 31.9450, 120.6150 31.9440)', 4326));

INSERT INTO rivers (code, name_zh, name_en, kind, geom) VALUES
  ('RV-CJ', '长江', 'Yangtze River', 'river',
   ST_GeomFromText('POLYGON((120.570 31.934, 120.630 31.934, 120.630 31.939, 120.570 31.939, 120.570 31.934))', 4326));

INSERT INTO outfalls (id, code, name_zh, name_en, kind, receiving_water, permit_no, node_id, geom) VALUES
  (1, 'OF-01', '华东石化雨水排口', 'East China Petrochemical rain outfall', 'rain', '长江', 'P-0001', 3,
   ST_SetSRID(ST_MakePoint(120.5900, 31.9395), 4326));

INSERT INTO roads (code, name_zh, name_en, kind, geom) VALUES
  ('RD-1', '化工大道', 'Chemical Avenue', 'main', ST_GeomFromText('LINESTRING(120.580 31.9520, 120.620 31.9520)', 4326));

INSERT INTO stations (id, code, mn, name_zh, name_en, kind, enterprise_id, parameters, geom) VALUES
  (1, 'ST-AIR-E', 'MN0000000000000001', '园区东界空气站', 'East boundary air station', 'air_boundary', NULL, '{so2,no2,nmhc}',
   ST_SetSRID(ST_MakePoint(120.6150, 31.9550), 4326)),
  (2, 'ST-WQ-CJ', 'MN0000000000000002', '长江断面水质站', 'Yangtze section water station', 'water_quality', NULL, '{cod,nh3_n}',
   ST_SetSRID(ST_MakePoint(120.6000, 31.9410), 4326));

INSERT INTO resources (code, kind, name_zh, name_en, capacity, geom) VALUES
  ('RS-FIRE', 'fire_station', '园区消防站', 'Park fire station', 40, ST_SetSRID(ST_MakePoint(120.6180, 31.9580), 4326));

INSERT INTO population_points (code, name_zh, name_en, kind, people, geom) VALUES
  ('PP-DORM', '职工宿舍', 'Staff dormitory', 'dormitory', 600, ST_SetSRID(ST_MakePoint(120.6100, 31.9590), 4326));

-- a day of SO2 (so2) at the air station, every 5 minutes, for the 24 h chart
INSERT INTO readings (station_id, parameter, ts, value, flag)
SELECT 1, 'so2', ts, round((0.02 + 0.01 * sin(extract(epoch FROM ts) / 3600.0))::numeric, 4), 'N'
FROM generate_series(now() - interval '24 hours', now(), interval '5 minutes') AS ts;

SELECT setval(pg_get_serial_sequence('parks', 'id'), 10);
SELECT setval(pg_get_serial_sequence('enterprises', 'id'), 10);
SELECT setval(pg_get_serial_sequence('chemicals', 'id'), 10);
SELECT setval(pg_get_serial_sequence('storage_units', 'id'), 10);
SELECT setval(pg_get_serial_sequence('pipe_nodes', 'id'), 10);
SELECT setval(pg_get_serial_sequence('outfalls', 'id'), 10);
SELECT setval(pg_get_serial_sequence('stations', 'id'), 10);
