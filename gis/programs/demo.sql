-- name: already_loaded
SELECT EXISTS (SELECT 1 FROM carbon_jobs) OR EXISTS (SELECT 1 FROM outfall_tasks)
    OR EXISTS (SELECT 1 FROM material_stocks) OR EXISTS (SELECT 1 FROM production_audits)
    OR EXISTS (SELECT 1 FROM carbon_events)

-- name: carbon_units
SELECT u.id, u.code, u.enterprise_id, u.fill_mass_kg, u.design_capacity, u.airflow_m3h, u.inlet_voc_mgm3,
       u.hours_per_day, u.removal_efficiency, u.inlet_source, u.fill_date, u.status, u.carbon_type
FROM carbon_units u ORDER BY u.id

-- name: set_operation
UPDATE carbon_units SET hours_per_day = :hours, inlet_source = :source, fill_date = :fill_date WHERE id = :id

-- name: insert_event
INSERT INTO carbon_events (unit_id, kind, at, detail, job_id) VALUES (:unit, :kind, :at, CAST(:detail AS jsonb), :job)

-- name: insert_job
INSERT INTO carbon_jobs (unit_id, enterprise_id, state, reason, requested_at, company, scheduled_for, vehicle_plate,
                         pickup_weight_kg, picked_up_at, regenerated_at, certificate_no, refilled_at, updated_at)
VALUES (:unit, :enterprise, :state, :reason, :requested_at, :company, :scheduled_for, :vehicle_plate, :weight,
        :picked_up_at, :regenerated_at, :certificate_no, :refilled_at, :updated_at)
RETURNING id

-- name: outfalls
SELECT id, code, kind, rectification_status, investigation_status FROM outfalls ORDER BY code

-- name: insert_task
INSERT INTO outfall_tasks (outfall_id, enterprise_id, problem, measure, deadline, responsible_unit, status,
                           created_at, submitted_at, accepted_at, review_note)
VALUES (:outfall, :enterprise, :problem, :measure, :deadline, :unit, :status, :created_at, :submitted_at,
        :accepted_at, :note)

-- name: insert_sample
INSERT INTO outfall_samples (outfall_id, sampled_at, parameter, value, unit, limit_value, note)
VALUES (:outfall, :at, :parameter, :value, :unit, :limit, :note)

-- name: upstream_enterprise
-- The nearest enterprise connected upstream of an outfall (the one a task is addressed to).
WITH RECURSIVE reach(node_id, depth) AS (
    SELECT node_id, 0 FROM outfalls WHERE id = :outfall AND node_id IS NOT NULL
  UNION
    SELECT p.from_node, r.depth + 1 FROM reach r JOIN pipes p ON p.to_node = r.node_id WHERE r.depth < 500
)
SELECT n.enterprise_id FROM reach r JOIN pipe_nodes n ON n.id = r.node_id
WHERE n.enterprise_id IS NOT NULL ORDER BY r.depth, n.id LIMIT 1

-- name: enterprises
SELECT id, code, industry, risk_level, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat,
       contact, phone
FROM enterprises ORDER BY id

-- name: insert_audit
INSERT INTO production_audits (enterprise_id, year, indicators, score, level, code, system_code, result,
                               updated_at, next_review)
VALUES (:enterprise, :year, CAST(:indicators AS jsonb), :score, :level, :code, :system, CAST(:result AS jsonb),
        :updated_at, :next_review)

-- name: depots
SELECT id, code, materials::text AS materials, contact, ST_X(geom) AS lon, ST_Y(geom) AS lat
FROM resources WHERE kind = 'material_depot' ORDER BY id

-- name: insert_stock
INSERT INTO material_stocks (resource_id, enterprise_id, material_type, name_zh, quantity, unit, contact, phone,
                             updated_at, geom)
VALUES (:resource, :enterprise, :type, :name, :quantity, :unit, :contact, :phone, :at,
        ST_SetSRID(ST_MakePoint(:lon, :lat), 4326))
RETURNING id

-- name: insert_loan
INSERT INTO material_loans (stock_id, state, quantity, purpose, requester_enterprise_id, requested_at, approved_at,
                            handed_over_at, returned_at, returned_quantity, note)
VALUES (:stock, :state, :quantity, :purpose, :requester, :requested_at, :approved_at, :handed_over_at,
        :returned_at, :returned_quantity, :note)
