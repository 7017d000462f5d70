-- Incidents, newest first, without their results and report (those are fetched one at a time).
SELECT i.id, i.title, i.occurred_at, i.place, ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat,
       i.chemical_id, c.cas AS chemical_cas, c.name_zh AS chemical_zh, c.name_en AS chemical_en,
       i.storage_unit_id, u.username AS created_by, i.created_at,
       i.report_at, i.report_html IS NOT NULL AS has_report
FROM incidents i
LEFT JOIN chemicals c ON c.id = i.chemical_id
LEFT JOIN users u ON u.id = i.created_by
WHERE ($1::int IS NULL OR i.id = $1)
ORDER BY i.occurred_at DESC, i.id DESC
LIMIT $2 OFFSET $3
