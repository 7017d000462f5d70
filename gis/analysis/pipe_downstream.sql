-- Every pipe downstream of :start_node, following from_node → to_node (flow direction).
-- UNION (not UNION ALL) drops rows already reached, so loops in the network end the
-- recursion. Flow stops at wastewater-plant inlets: what enters the plant is treated.
-- Returns the reached pipes as parallel arrays (one row, cheap to transfer) and, as JSON,
-- the nodes that matter to a responder: rain gates, plant inlets, outfalls, dead ends.
WITH RECURSIVE
plant_inlets AS (
    SELECT coalesce(array_agg(id), '{}') AS ids FROM pipe_nodes WHERE kind = 'plant_inlet'
),
reach(id, from_node, to_node, length_m) AS (
    SELECT p.id, p.from_node, p.to_node, p.length_m
    FROM pipes p, plant_inlets
    WHERE p.from_node = :start_node AND p.from_node <> ALL (plant_inlets.ids)
  UNION
    SELECT p.id, p.from_node, p.to_node, p.length_m
    FROM reach r
    JOIN pipes p ON p.from_node = r.to_node
    CROSS JOIN plant_inlets
    WHERE r.to_node <> ALL (plant_inlets.ids)
),
edges AS (
    SELECT coalesce(array_agg(id), '{}') AS pipe_ids,
           coalesce(array_agg(from_node), '{}') AS from_nodes,
           coalesce(array_agg(to_node), '{}') AS to_nodes,
           coalesce(array_agg(coalesce(length_m, 0.0)), '{}') AS lengths
    FROM reach
),
reached AS (
    SELECT to_node AS id FROM reach
    UNION
    SELECT CAST(:start_node AS integer)
),
marked AS (
    SELECT coalesce(jsonb_agg(jsonb_build_object(
               'id', n.id, 'code', n.code, 'kind', n.kind, 'network', n.network,
               'state', n.state, 'enterprise_id', n.enterprise_id,
               'outfall_id', o.id, 'outfall_code', o.code,
               'lon', ST_X(n.geom), 'lat', ST_Y(n.geom))), '[]') AS nodes
    FROM pipe_nodes n
    JOIN reached ON reached.id = n.id
    LEFT JOIN outfalls o ON o.node_id = n.id
    WHERE n.kind IN ('rain_gate', 'plant_inlet', 'outfall')
       OR o.id IS NOT NULL
       OR NOT EXISTS (SELECT 1 FROM pipes q WHERE q.from_node = n.id)
)
SELECT edges.pipe_ids, edges.from_nodes, edges.to_nodes, edges.lengths, marked.nodes
FROM edges, marked
