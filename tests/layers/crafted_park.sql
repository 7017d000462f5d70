-- A small crafted park around 121.00 E, 31.00 N: a few of everything, with known ids.
INSERT INTO parks (id, code, name_zh, name_en, synthetic, geom) VALUES
  (1, 'TP', '测试园区', 'Test park', true,
   ST_Multi(ST_MakeEnvelope(120.990, 30.990, 121.020, 31.010, 4326)));

INSERT INTO zones (id, park_id, code, kind, name_zh, name_en, geom) VALUES
  (1, 1, 'TP-Z1', 'industrial', '化工区', 'Chemical zone', ST_Multi(ST_MakeEnvelope(120.990, 30.990, 121.005, 31.010, 4326))),
  (2, 1, 'TP-Z2', 'river_buffer', '岸线管控区', 'Shoreline zone', ST_Multi(ST_MakeEnvelope(121.005, 30.990, 121.020, 31.010, 4326)));

INSERT INTO enterprises (id, park_id, code, credit_code, name_zh, name_en, industry, risk_level, health_code, employees, contact, phone, geom) VALUES
  (1, 1, 'TP-E1', '91510500MA00000001', '甲氯碱', 'Alpha Chlor-Alkali', 'chlor_alkali', 'major', 'red', 800, 'Wang', '13800000001',
   ST_Multi(ST_MakeEnvelope(120.9950, 30.9950, 120.9980, 30.9980, 4326))),
  (2, 1, 'TP-E2', '91510500MA00000002', '乙精细', 'Beta Fine Chemicals', 'fine_chemical', 'general', 'green', 120, 'Li', '13800000002',
   ST_Multi(ST_MakeEnvelope(121.0000, 30.9950, 121.0030, 30.9980, 4326))),
  (3, 1, 'TP-E3', '91510500MA00000003', '丙物流', 'Gamma Logistics', 'logistics', 'larger', 'yellow', 60, 'Zhao', '13800000003',
   ST_Multi(ST_MakeEnvelope(121.0100, 31.0020, 121.0130, 31.0050, 4326)));

INSERT INTO chemicals (id, cas, un_number, name_zh, name_en, hazard_class, gb18218_critical_t) VALUES
  (1, '7782-50-5', '1017', '氯', 'chlorine', '毒性气体 toxic gas', 5),
  (2, '67-56-1', '1230', '甲醇', 'methanol', NULL, 500);

INSERT INTO storage_units (id, enterprise_id, chemical_id, code, kind, quantity_t, capacity_t, geom) VALUES
  (1, 1, 1, 'TP-S1', 'tank', 40, 60, ST_SetSRID(ST_MakePoint(120.9965, 30.9965), 4326)),
  (2, 2, 2, 'TP-S2', 'tank', 90, 120, ST_SetSRID(ST_MakePoint(121.0015, 30.9965), 4326));

INSERT INTO pipe_nodes (id, code, network, kind, enterprise_id, state, geom) VALUES
  (1, 'TP-R1', 'rain', 'manhole', NULL, NULL, ST_SetSRID(ST_MakePoint(120.9950, 31.0000), 4326)),
  (2, 'TP-R2', 'rain', 'manhole', NULL, NULL, ST_SetSRID(ST_MakePoint(121.0000, 31.0000), 4326)),
  (3, 'TP-R3', 'rain', 'manhole', NULL, NULL, ST_SetSRID(ST_MakePoint(121.0050, 31.0000), 4326)),
  (4, 'TP-G1', 'rain', 'rain_gate', NULL, 'closed', ST_SetSRID(ST_MakePoint(121.0080, 31.0000), 4326)),
  (5, 'TP-O1', 'rain', 'outlet', NULL, NULL, ST_SetSRID(ST_MakePoint(121.0100, 31.0000), 4326)),
  (6, 'TP-W1', 'sewage', 'enterprise_inlet', 1, NULL, ST_SetSRID(ST_MakePoint(120.9965, 30.9985), 4326)),
  (7, 'TP-W2', 'sewage', 'manhole', NULL, NULL, ST_SetSRID(ST_MakePoint(121.0015, 30.9985), 4326)),
  (8, 'TP-W3', 'sewage', 'plant_inlet', NULL, NULL, ST_SetSRID(ST_MakePoint(121.0060, 30.9985), 4326));

INSERT INTO pipes (id, code, network, from_node, to_node, diameter_mm, material, geom) VALUES
  (1, 'TP-RP1', 'rain', 1, 2, 400, 'reinforced_concrete', ST_MakeLine((SELECT geom FROM pipe_nodes WHERE id = 1), (SELECT geom FROM pipe_nodes WHERE id = 2))),
  (2, 'TP-RP2', 'rain', 2, 3, 800, 'reinforced_concrete', ST_MakeLine((SELECT geom FROM pipe_nodes WHERE id = 2), (SELECT geom FROM pipe_nodes WHERE id = 3))),
  (3, 'TP-RP3', 'rain', 3, 4, 1200, 'reinforced_concrete', ST_MakeLine((SELECT geom FROM pipe_nodes WHERE id = 3), (SELECT geom FROM pipe_nodes WHERE id = 4))),
  (4, 'TP-RP4', 'rain', 4, 5, 1200, 'reinforced_concrete', ST_MakeLine((SELECT geom FROM pipe_nodes WHERE id = 4), (SELECT geom FROM pipe_nodes WHERE id = 5))),
  (5, 'TP-SP1', 'sewage', 6, 7, 300, 'ductile_iron', ST_MakeLine((SELECT geom FROM pipe_nodes WHERE id = 6), (SELECT geom FROM pipe_nodes WHERE id = 7))),
  (6, 'TP-SP2', 'sewage', 7, 8, 600, 'ductile_iron', ST_MakeLine((SELECT geom FROM pipe_nodes WHERE id = 7), (SELECT geom FROM pipe_nodes WHERE id = 8)));

INSERT INTO rivers (id, code, name_zh, name_en, kind, geom) VALUES
  (1, 'TP-RV1', '测试河', 'Test river', 'river', ST_MakeEnvelope(121.0105, 30.990, 121.0200, 31.010, 4326));

INSERT INTO outfalls (id, code, name_zh, name_en, kind, receiving_water, node_id, geom) VALUES
  (1, 'TP-OF1', '雨排口1', 'Rain outfall 1', 'rain', 'Test river', 5, ST_SetSRID(ST_MakePoint(121.0102, 31.0000), 4326));

INSERT INTO stations (id, code, mn, name_zh, name_en, kind, enterprise_id, parameters, geom) VALUES
  (1, 'TP-ST1', '88888880000001', '厂界站1', 'Boundary 1', 'air_boundary', NULL, '{SO2,NOx}', ST_SetSRID(ST_MakePoint(120.99300, 31.00500), 4326)),
  (2, 'TP-ST2', '88888880000002', '甲排口', 'Alpha outlet', 'cems_outlet', 1, '{SO2,NOx,PM}', ST_SetSRID(ST_MakePoint(120.99305, 31.00505), 4326)),
  (3, 'TP-ST3', '88888880000003', '乙VOC', 'Beta VOC', 'voc', 2, '{NMHC}', ST_SetSRID(ST_MakePoint(121.00150, 30.99700), 4326));

INSERT INTO resources (id, code, kind, name_zh, name_en, capacity, contact, geom) VALUES
  (1, 'TP-F1', 'fire_station', '特勤消防站', 'Fire station', 40, '119', ST_SetSRID(ST_MakePoint(120.9920, 30.9920), 4326)),
  (2, 'TP-H1', 'shelter', '避难场所', 'Shelter', 2000, 'duty office', ST_SetSRID(ST_MakePoint(120.9930, 31.0080), 4326));

INSERT INTO population_points (id, code, name_zh, name_en, kind, people, geom) VALUES
  (1, 'TP-P1', '东村', 'East village', 'village', 650, ST_SetSRID(ST_MakePoint(121.0180, 31.0090), 4326)),
  (2, 'TP-P2', '职工宿舍', 'Dormitory', 'dormitory', 300, ST_SetSRID(ST_MakePoint(120.9910, 31.0090), 4326));

INSERT INTO roads (id, code, name_zh, name_en, kind, geom) VALUES
  (1, 'TP-RD1', '纬一路', 'Wei 1 Road', 'trunk', ST_GeomFromText('LINESTRING(120.990 31.001, 121.010 31.001)', 4326)),
  (2, 'TP-RD2', '经一路', 'Jing 1 Road', 'secondary', ST_GeomFromText('LINESTRING(121.004 30.990, 121.004 31.010)', 4326));

SELECT setval(pg_get_serial_sequence(t, 'id'), 1000)
  FROM unnest(ARRAY['parks', 'zones', 'enterprises', 'chemicals', 'storage_units', 'pipe_nodes', 'pipes',
                    'rivers', 'outfalls', 'stations', 'resources', 'population_points', 'roads']) AS t;
