-- A synthetic drainage tree of :segments pipes draining to node 1 (an outfall).
-- Nodes 2…n+1: node i flows to i − 1, except every 20th, which starts a new branch of
-- 20 nodes hanging off node (i − 2)/20; the tree is about a hundred pipes deep.
-- Every 1000th node is a rain gate, every 500th another an enterprise connection.
INSERT INTO pipe_nodes (id, code, network, kind, enterprise_id, state, geom)
SELECT i,
       'T' || i,
       'rain',
       CASE WHEN i = 1 THEN 'outfall'
            WHEN i % 1000 = 0 THEN 'rain_gate'
            WHEN i % 500 = 0 THEN 'enterprise_inlet'
            ELSE 'manhole' END,
       CASE WHEN i % 1000 <> 0 AND i % 500 = 0 THEN CAST(:enterprise_id AS integer) END,
       CASE WHEN i % 1000 = 0 THEN 'open' END,
       ST_SetSRID(ST_MakePoint(120.0 + (i % 450) * 0.0002, 30.0 + (i / 450) * 0.0002), 4326)
FROM generate_series(1, :segments + 1) AS i;

INSERT INTO pipes (id, code, network, from_node, to_node, diameter_mm, geom)
SELECT t.i, 'TP' || t.i, 'rain', t.i, t.parent, 400, ST_MakeLine(c.geom, p.geom)
FROM (
    SELECT i, CASE WHEN (i - 2) % 20 = 0 THEN greatest(1, (i - 2) / 20) ELSE i - 1 END AS parent
    FROM generate_series(2, :segments + 1) AS i
) t
JOIN pipe_nodes c ON c.id = t.i
JOIN pipe_nodes p ON p.id = t.parent;

SELECT setval(pg_get_serial_sequence('pipe_nodes', 'id'), :segments + 1);
SELECT setval(pg_get_serial_sequence('pipes', 'id'), :segments + 1);
ANALYZE pipe_nodes;
ANALYZE pipes;
