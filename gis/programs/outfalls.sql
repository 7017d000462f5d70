-- name: register
-- Every outfall with what drains to it: the enterprises and rain gates upstream, found by
-- walking the pipes against the flow (to_node → from_node) from the outfall's node. UNION
-- (not UNION ALL) drops pairs already reached, so loops in the network end the walk.
WITH RECURSIVE reach(outfall_id, node_id) AS (
    SELECT o.id, o.node_id FROM outfalls o
    WHERE o.node_id IS NOT NULL AND ($1::int IS NULL OR o.id = $1)
  UNION
    SELECT r.outfall_id, p.from_node
    FROM reach r JOIN pipes p ON p.to_node = r.node_id
),
sources AS (
    SELECT r.outfall_id,
           jsonb_agg(DISTINCT jsonb_build_object('id', e.id, 'code', e.code, 'name_zh', e.name_zh,
                                                 'name_en', e.name_en)) AS enterprises
    FROM reach r JOIN pipe_nodes n ON n.id = r.node_id JOIN enterprises e ON e.id = n.enterprise_id
    GROUP BY r.outfall_id
),
gates AS (
    SELECT r.outfall_id,
           jsonb_agg(jsonb_build_object('id', n.id, 'code', n.code, 'state', n.state) ORDER BY n.code) AS gates
    FROM reach r JOIN pipe_nodes n ON n.id = r.node_id
    WHERE n.kind = 'rain_gate'
    GROUP BY r.outfall_id
),
latest AS (
    SELECT DISTINCT ON (s.outfall_id, s.parameter) s.outfall_id, s.parameter, s.value, s.unit, s.limit_value,
           s.sampled_at
    FROM outfall_samples s
    WHERE $1::int IS NULL OR s.outfall_id = $1
    ORDER BY s.outfall_id, s.parameter, s.sampled_at DESC
),
monitoring AS (
    SELECT outfall_id,
           jsonb_agg(jsonb_build_object('parameter', parameter, 'value', value, 'unit', unit,
                                        'limit_value', limit_value, 'sampled_at', sampled_at,
                                        'exceeded', limit_value IS NOT NULL AND value > limit_value)
                     ORDER BY parameter) AS latest
    FROM latest GROUP BY outfall_id
),
tasks AS (
    SELECT outfall_id,
           count(*) FILTER (WHERE status <> 'accepted') AS open_tasks,
           count(*) FILTER (WHERE status <> 'accepted' AND deadline < $2) AS overdue_tasks,
           min(deadline) FILTER (WHERE status <> 'accepted') AS next_deadline
    FROM outfall_tasks GROUP BY outfall_id
)
SELECT o.id, o.code, o.name_zh, o.name_en, o.kind, o.receiving_water, o.permit_no, o.node_id,
       o.investigation_status, o.rectification_status, ST_X(o.geom) AS lon, ST_Y(o.geom) AS lat,
       coalesce(s.enterprises, '[]')::text AS source_enterprises, coalesce(g.gates, '[]')::text AS rain_gates,
       coalesce(m.latest, '[]')::text AS monitoring,
       coalesce(t.open_tasks, 0) AS open_tasks, coalesce(t.overdue_tasks, 0) AS overdue_tasks, t.next_deadline
FROM outfalls o
LEFT JOIN sources s ON s.outfall_id = o.id
LEFT JOIN gates g ON g.outfall_id = o.id
LEFT JOIN monitoring m ON m.outfall_id = o.id
LEFT JOIN tasks t ON t.outfall_id = o.id
WHERE $1::int IS NULL OR o.id = $1
ORDER BY o.code

-- name: tasks
SELECT t.id, t.outfall_id, o.code AS outfall_code, o.name_zh AS outfall_name_zh, t.enterprise_id,
       e.name_zh AS enterprise_name_zh, t.problem, t.measure, t.deadline, t.responsible_unit, t.status,
       t.evidence::text AS evidence, t.created_at, cu.username AS created_by, t.submitted_at, t.accepted_at,
       au.username AS accepted_by, t.review_note,
       t.status <> 'accepted' AND t.deadline < $5 AS overdue
FROM outfall_tasks t
JOIN outfalls o ON o.id = t.outfall_id
LEFT JOIN enterprises e ON e.id = t.enterprise_id
LEFT JOIN users cu ON cu.id = t.created_by
LEFT JOIN users au ON au.id = t.accepted_by
WHERE ($1::int IS NULL OR t.enterprise_id = $1)
  AND ($2::int IS NULL OR t.id = $2)
  AND ($3::int IS NULL OR t.outfall_id = $3)
  AND ($4::text IS NULL OR t.status = $4)
ORDER BY t.deadline, t.id
LIMIT $6

-- name: insert_task
INSERT INTO outfall_tasks (outfall_id, enterprise_id, problem, measure, deadline, responsible_unit, created_by,
                           created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
RETURNING id

-- name: task_for_update
SELECT id, outfall_id, enterprise_id, status, evidence::text AS evidence
FROM outfall_tasks
WHERE id = $1 AND ($2::int IS NULL OR enterprise_id = $2)
FOR UPDATE

-- name: submit_task
UPDATE outfall_tasks SET status = 'submitted', submitted_at = $2, evidence = $3::text::jsonb WHERE id = $1

-- name: review_task
UPDATE outfall_tasks
SET status = $2::text, review_note = $3,
    accepted_at = CASE WHEN $2::text = 'accepted' THEN $4::timestamptz ELSE NULL END,
    accepted_by = CASE WHEN $2::text = 'accepted' THEN $5::int ELSE NULL END
WHERE id = $1

-- name: refresh_status
-- An outfall with any task not yet accepted is being rectified; once every task is accepted it is rectified.
UPDATE outfalls o
SET rectification_status = CASE
        WHEN EXISTS (SELECT 1 FROM outfall_tasks t WHERE t.outfall_id = o.id AND t.status <> 'accepted')
            THEN 'rectifying'
        WHEN EXISTS (SELECT 1 FROM outfall_tasks t WHERE t.outfall_id = o.id) THEN 'rectified'
        ELSE o.rectification_status END
WHERE o.id = $1

-- name: insert_sample
INSERT INTO outfall_samples (outfall_id, sampled_at, parameter, value, unit, limit_value, note, created_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
RETURNING id

-- name: samples
SELECT id, sampled_at, parameter, value, unit, limit_value, note,
       limit_value IS NOT NULL AND value > limit_value AS exceeded
FROM outfall_samples WHERE outfall_id = $1
ORDER BY sampled_at DESC, id DESC
LIMIT $2

-- name: dashboard
SELECT
  (SELECT coalesce(jsonb_object_agg(rectification_status, n), '{}')::text
     FROM (SELECT rectification_status, count(*) AS n FROM outfalls GROUP BY 1) x) AS by_status,
  (SELECT coalesce(jsonb_object_agg(kind, n), '{}')::text
     FROM (SELECT kind, count(*) AS n FROM outfalls GROUP BY 1) x) AS by_kind,
  (SELECT coalesce(jsonb_object_agg(investigation_status, n), '{}')::text
     FROM (SELECT investigation_status, count(*) AS n FROM outfalls GROUP BY 1) x) AS by_investigation,
  (SELECT coalesce(jsonb_object_agg(status, n), '{}')::text
     FROM (SELECT status, count(*) AS n FROM outfall_tasks GROUP BY 1) x) AS tasks_by_status,
  (SELECT count(*) FROM outfalls) AS outfalls,
  (SELECT count(*) FROM outfall_tasks WHERE status <> 'accepted' AND deadline < $1) AS overdue,
  (SELECT count(*) FROM outfall_tasks WHERE status <> 'accepted' AND deadline >= $1 AND deadline < $2) AS due_soon

-- name: rain_gates
-- Rain gates with the outfall they guard (the first outfall downstream on the rain network).
WITH RECURSIVE down(gate_id, node_id, depth) AS (
    SELECT n.id, n.id, 0 FROM pipe_nodes n
    WHERE n.kind = 'rain_gate' AND ($1::int IS NULL OR n.id = $1)
  UNION
    SELECT d.gate_id, p.to_node, d.depth + 1
    FROM down d JOIN pipes p ON p.from_node = d.node_id
    WHERE d.depth < 500
),
guarded AS (
    SELECT DISTINCT ON (d.gate_id) d.gate_id, o.id AS outfall_id, o.code AS outfall_code, o.kind AS outfall_kind
    FROM down d JOIN outfalls o ON o.node_id = d.node_id
    ORDER BY d.gate_id, d.depth
)
SELECT n.id, n.code, n.network, n.state, n.enterprise_id, ST_X(n.geom) AS lon, ST_Y(n.geom) AS lat,
       g.outfall_id, g.outfall_code, g.outfall_kind,
       (SELECT max(ev.at) FROM rain_gate_events ev WHERE ev.node_id = n.id) AS changed_at
FROM pipe_nodes n
LEFT JOIN guarded g ON g.gate_id = n.id
WHERE n.kind = 'rain_gate' AND ($1::int IS NULL OR n.id = $1)
ORDER BY n.code

-- name: gate_for_update
SELECT id, code, state FROM pipe_nodes WHERE id = $1 AND kind = 'rain_gate' FOR UPDATE

-- name: set_gate
UPDATE pipe_nodes SET state = $2 WHERE id = $1

-- name: insert_gate_event
INSERT INTO rain_gate_events (node_id, state, at, actor_id, reason) VALUES ($1, $2, $3, $4, $5)

-- name: gate_events
SELECT ev.id, ev.state, ev.at, u.username AS actor, ev.reason
FROM rain_gate_events ev LEFT JOIN users u ON u.id = ev.actor_id
WHERE ev.node_id = $1 ORDER BY ev.at DESC, ev.id DESC LIMIT $2

-- name: task_evidence
SELECT evidence::text AS evidence FROM outfall_tasks WHERE id = $1 AND ($2::int IS NULL OR enterprise_id = $2)
