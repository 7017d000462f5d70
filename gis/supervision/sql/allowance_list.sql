SELECT a.id, a.enterprise_id, e.code AS enterprise_code, a.parameter, a.year, a.allowance_t, a.permit_no, a.updated_at
FROM load_allowances a
JOIN enterprises e ON e.id = a.enterprise_id
WHERE ($1::int IS NULL OR a.enterprise_id = $1) AND ($2::int IS NULL OR a.year = $2)
ORDER BY e.code, a.parameter, a.year
