-- name: stocks
SELECT m.id, m.resource_id, r.code AS resource_code, r.name_zh AS resource_name_zh, m.enterprise_id,
       e.name_zh AS enterprise_name_zh, m.material_type, m.name_zh, m.quantity, m.unit, m.contact, m.phone,
       m.updated_at, ST_X(m.geom) AS lon, ST_Y(m.geom) AS lat
FROM material_stocks m
LEFT JOIN resources r ON r.id = m.resource_id
LEFT JOIN enterprises e ON e.id = m.enterprise_id
WHERE ($1::text IS NULL OR m.material_type = $1)
  AND ($2::int IS NULL OR m.enterprise_id = $2)
  AND ($3::int IS NULL OR m.id = $3)
ORDER BY m.material_type, m.id
LIMIT $4

-- name: nearest
-- Nearest first by true distance on the spheroid: <-> between geographies is index-assisted (KNN).
SELECT m.id, m.resource_id, r.name_zh AS resource_name_zh, m.enterprise_id, e.name_zh AS enterprise_name_zh,
       m.material_type, m.name_zh, m.quantity, m.unit, m.contact, m.phone,
       ST_X(m.geom) AS lon, ST_Y(m.geom) AS lat,
       ST_Distance(m.geog, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography) AS distance_m
FROM material_stocks m
LEFT JOIN resources r ON r.id = m.resource_id
LEFT JOIN enterprises e ON e.id = m.enterprise_id
WHERE m.material_type = $1 AND m.quantity >= $4
ORDER BY m.geog <-> ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography
LIMIT $5

-- name: holder_place
-- Where a holder keeps its materials by default: the depot's point, or inside the enterprise's plot.
SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (
    SELECT geom AS p FROM resources WHERE id = $1
    UNION ALL
    SELECT ST_PointOnSurface(geom) FROM enterprises WHERE id = $2
) x LIMIT 1

-- name: insert_stock
INSERT INTO material_stocks (resource_id, enterprise_id, material_type, name_zh, quantity, unit, contact, phone,
                             updated_at, geom)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, ST_SetSRID(ST_MakePoint($10, $11), 4326))
RETURNING id

-- name: stock_for_update
SELECT id, resource_id, enterprise_id, quantity FROM material_stocks
WHERE id = $1 AND ($2::int IS NULL OR enterprise_id = $2)
FOR UPDATE

-- name: update_stock
UPDATE material_stocks
SET quantity = coalesce($2, quantity), contact = coalesce($3, contact), phone = coalesce($4, phone),
    updated_at = $5
WHERE id = $1

-- name: adjust_stock
UPDATE material_stocks SET quantity = quantity + $2, updated_at = $3 WHERE id = $1

-- name: loans
-- Loans; an enterprise ($1) sees those it asked for and those of its own stocks.
SELECT l.id, l.stock_id, m.material_type, m.name_zh AS material_name_zh, m.unit, l.state, l.quantity, l.purpose,
       ru.username AS requested_by, l.requester_enterprise_id, re.name_zh AS requester_enterprise_name_zh,
       m.enterprise_id AS lender_enterprise_id, coalesce(le.name_zh, r.name_zh) AS lender_name_zh,
       l.requested_at, l.approved_at, au.username AS approved_by, l.handed_over_at, l.returned_at,
       l.returned_quantity, l.note
FROM material_loans l
JOIN material_stocks m ON m.id = l.stock_id
LEFT JOIN resources r ON r.id = m.resource_id
LEFT JOIN enterprises le ON le.id = m.enterprise_id
LEFT JOIN enterprises re ON re.id = l.requester_enterprise_id
LEFT JOIN users ru ON ru.id = l.requested_by
LEFT JOIN users au ON au.id = l.approved_by
WHERE ($1::int IS NULL OR l.requester_enterprise_id = $1 OR m.enterprise_id = $1)
  AND ($2::int IS NULL OR l.id = $2)
  AND ($3::text IS NULL OR l.state = $3)
ORDER BY l.requested_at DESC, l.id DESC
LIMIT $4

-- name: insert_loan
INSERT INTO material_loans (stock_id, quantity, purpose, requested_by, requester_enterprise_id, requested_at)
VALUES ($1, $2, $3, $4, $5, $6)
RETURNING id

-- name: loan_for_update
SELECT l.id, l.stock_id, l.state, l.quantity, l.requester_enterprise_id, l.requested_by,
       m.enterprise_id AS lender_enterprise_id
FROM material_loans l JOIN material_stocks m ON m.id = l.stock_id
WHERE l.id = $1 AND ($2::int IS NULL OR l.requester_enterprise_id = $2 OR m.enterprise_id = $2)
FOR UPDATE OF l

-- name: set_loan_state
UPDATE material_loans
SET state = $2::text,
    approved_at = CASE WHEN $2::text IN ('approved', 'rejected') THEN $3 ELSE approved_at END,
    approved_by = CASE WHEN $2::text IN ('approved', 'rejected') THEN $4 ELSE approved_by END,
    handed_over_at = CASE WHEN $2::text = 'handed_over' THEN $3 ELSE handed_over_at END,
    returned_at = CASE WHEN $2::text = 'returned' THEN $3 ELSE returned_at END,
    returned_quantity = CASE WHEN $2::text = 'returned' THEN $5 ELSE returned_quantity END,
    note = coalesce($6, note)
WHERE id = $1
