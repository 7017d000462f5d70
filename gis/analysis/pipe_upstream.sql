-- Every pipe upstream of :start_node, following to_node → from_node (against the flow).
-- UNION (not UNION ALL) drops rows already reached, so loops end the recursion.
-- Returns the reached pipes as parallel arrays and, as JSON, the enterprise connections
-- (pipe_nodes.kind = 'enterprise_inlet') among the reached nodes, with their enterprise.
WITH RECURSIVE
reach(id, from_node, to_node, length_m) AS (
    SELECT p.id, p.from_node, p.to_node, p.length_m
    FROM pipes p
    WHERE p.to_node = :start_node
  UNION
    SELECT p.id, p.from_node, p.to_node, p.length_m
    FROM reach r
    JOIN pipes p ON p.to_node = r.from_node
),
edges AS (
    SELECT coalesce(array_agg(id), '{}') AS pipe_ids,
           coalesce(array_agg(from_node), '{}') AS from_nodes,
           coalesce(array_agg(to_node), '{}') AS to_nodes,
           coalesce(array_agg(coalesce(length_m, 0.0)), '{}') AS lengths
    FROM reach
),
marked AS (
    SELECT coalesce(jsonb_agg(jsonb_build_object(
               'id', n.id, 'code', n.code, 'kind', n.kind, 'network', n.network,
               'state', n.state, 'enterprise_id', n.enterprise_id,
               'enterprise_code', e.code, 'enterprise_name_zh', e.name_zh,
               'enterprise_name_en', e.name_en,
               'lon', ST_X(n.geom), 'lat', ST_Y(n.geom))), '[]') AS nodes
    FROM pipe_nodes n
    LEFT JOIN enterprises e ON e.id = n.enterprise_id
    WHERE n.kind = 'enterprise_inlet'
      AND (n.id = :start_node OR n.id IN (SELECT from_node FROM reach))
)
SELECT edges.pipe_ids, edges.from_nodes, edges.to_nodes, edges.lengths, marked.nodes
FROM edges, marked
