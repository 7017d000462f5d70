-- The nodes a trace tells a responder about (:ids), with their enterprise and outfall.
SELECT n.id, n.code, n.kind, n.network, n.state, n.enterprise_id,
       e.code AS enterprise_code, e.name_zh AS enterprise_name_zh, e.name_en AS enterprise_name_en,
       o.id AS outfall_id, o.code AS outfall_code,
       ST_X(n.geom) AS lon, ST_Y(n.geom) AS lat
FROM pipe_nodes n
LEFT JOIN enterprises e ON e.id = n.enterprise_id
LEFT JOIN outfalls o ON o.node_id = n.id
WHERE n.id = ANY(:ids)
