-- name: units
-- Adsorbers with their enterprise, position, open replacement job and the operating
-- declarations of the current fill (JSON text, oldest first).
SELECT u.id, u.code, u.enterprise_id, e.code AS enterprise_code, e.name_zh AS enterprise_name_zh,
       e.name_en AS enterprise_name_en, u.carbon_type, u.fill_mass_kg, u.design_capacity,
       u.airflow_m3h, u.inlet_voc_mgm3, u.hours_per_day, u.removal_efficiency, u.inlet_source,
       u.fill_date, u.status, ST_X(u.geom) AS lon, ST_Y(u.geom) AS lat,
       j.id AS open_job_id, j.state AS open_job_state,
       (SELECT coalesce(json_agg(json_build_object('at', ev.at, 'detail', ev.detail) ORDER BY ev.at), '[]')::text
          FROM carbon_events ev
         WHERE ev.unit_id = u.id AND ev.kind = 'declaration') AS declarations
FROM carbon_units u
JOIN enterprises e ON e.id = u.enterprise_id
LEFT JOIN carbon_jobs j ON j.unit_id = u.id AND j.state NOT IN ('closed', 'cancelled')
WHERE ($1::int IS NULL OR u.enterprise_id = $1)
  AND ($2::int IS NULL OR u.id = $2)
ORDER BY e.code, u.code

-- name: unit_exists
SELECT 1 FROM carbon_units WHERE id = $1 AND ($2::int IS NULL OR enterprise_id = $2)

-- name: unit_for_update
SELECT id, enterprise_id, status, fill_date, fill_mass_kg, carbon_type, design_capacity,
       airflow_m3h, inlet_voc_mgm3, hours_per_day, removal_efficiency, inlet_source
FROM carbon_units
WHERE id = $1 AND ($2::int IS NULL OR enterprise_id = $2)
FOR UPDATE

-- name: history
SELECT ev.id, ev.kind, ev.at, ev.detail::text AS detail, ev.job_id, u.username AS actor
FROM carbon_events ev
LEFT JOIN users u ON u.id = ev.actor_id
WHERE ev.unit_id = $1
ORDER BY ev.at, ev.id

-- name: insert_event
INSERT INTO carbon_events (unit_id, kind, at, detail, job_id, actor_id)
VALUES ($1, $2, $3, $4::text::jsonb, $5, $6)

-- name: insert_unit
INSERT INTO carbon_units (enterprise_id, code, carbon_type, fill_mass_kg, design_capacity, airflow_m3h,
                          inlet_voc_mgm3, hours_per_day, removal_efficiency, inlet_source, fill_date, geom)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, ST_SetSRID(ST_MakePoint($12, $13), 4326))
RETURNING id

-- name: declare
UPDATE carbon_units
SET airflow_m3h = $2, inlet_voc_mgm3 = $3, hours_per_day = $4, removal_efficiency = $5, inlet_source = $6
WHERE id = $1

-- name: set_status
UPDATE carbon_units SET status = $2 WHERE id = $1

-- name: refill
UPDATE carbon_units
SET status = 'in_service', fill_date = $2, fill_mass_kg = $3, carbon_type = $4, design_capacity = $5
WHERE id = $1

-- name: jobs
SELECT j.id, j.unit_id, c.code AS unit_code, j.enterprise_id, e.name_zh AS enterprise_name_zh,
       e.name_en AS enterprise_name_en, j.state, j.reason, j.requested_at, ru.username AS requested_by,
       j.company, j.scheduled_for, j.vehicle_plate, j.pickup_weight_kg, j.picked_up_at,
       j.regenerated_at, j.certificate_no, j.refilled_at, j.updated_at,
       ST_X(c.geom) AS lon, ST_Y(c.geom) AS lat
FROM carbon_jobs j
JOIN carbon_units c ON c.id = j.unit_id
JOIN enterprises e ON e.id = j.enterprise_id
LEFT JOIN users ru ON ru.id = j.requested_by
WHERE ($1::int IS NULL OR j.enterprise_id = $1)
  AND ($2::int IS NULL OR j.id = $2)
  AND ($3::text IS NULL OR j.state = $3)
ORDER BY j.requested_at DESC, j.id DESC
LIMIT $4

-- name: job_for_update
SELECT id, unit_id, enterprise_id, state, regenerated_at, refilled_at
FROM carbon_jobs
WHERE id = $1 AND ($2::int IS NULL OR enterprise_id = $2)
FOR UPDATE

-- name: insert_job
INSERT INTO carbon_jobs (unit_id, enterprise_id, reason, requested_by, requested_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $5)
RETURNING id

-- name: schedule_job
UPDATE carbon_jobs SET state = 'scheduled', company = $2, scheduled_for = $3, vehicle_plate = $4, updated_at = $5
WHERE id = $1

-- name: pickup_job
UPDATE carbon_jobs
SET state = 'picked_up', vehicle_plate = $2, pickup_weight_kg = $3, picked_up_at = $4, updated_at = $4
WHERE id = $1

-- name: regenerate_job
UPDATE carbon_jobs
SET regenerated_at = $2, certificate_no = $3, updated_at = $2,
    state = CASE WHEN refilled_at IS NOT NULL THEN 'closed' ELSE state END
WHERE id = $1

-- name: refill_job
UPDATE carbon_jobs
SET refilled_at = $2, updated_at = $2,
    state = CASE WHEN regenerated_at IS NOT NULL THEN 'closed' ELSE state END
WHERE id = $1

-- name: cancel_job
UPDATE carbon_jobs SET state = 'cancelled', updated_at = $2 WHERE id = $1
