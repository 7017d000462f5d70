-- One enterprise's card: identity, health code and what it holds.  $1 enterprise id.
SELECT e.id, e.code, e.credit_code, e.name_zh, e.name_en, e.industry, e.risk_level,
       e.health_code, e.health_reason, e.employees, e.contact, e.phone,
       ST_X(ST_PointOnSurface(e.geom)) AS lon, ST_Y(ST_PointOnSurface(e.geom)) AS lat,
       ST_Area(e.geom::geography) AS area_m2,
       COALESCE((
           SELECT json_agg(json_build_object(
                      'id', u.id, 'code', u.code, 'kind', u.kind, 'quantity_t', u.quantity_t,
                      'capacity_t', u.capacity_t, 'cas', c.cas, 'un_number', c.un_number,
                      'chemical_zh', c.name_zh, 'chemical_en', c.name_en,
                      'critical_quantity_t', c.gb18218_critical_t,
                      'q_over_Q', CASE WHEN c.gb18218_critical_t > 0
                                       THEN u.quantity_t / c.gb18218_critical_t END)
                  ORDER BY u.code)
           FROM storage_units u JOIN chemicals c ON c.id = u.chemical_id
           WHERE u.enterprise_id = e.id), '[]') AS storage_units,
       COALESCE((
           SELECT json_agg(json_build_object(
                      'id', s.id, 'code', s.code, 'name_zh', s.name_zh, 'name_en', s.name_en,
                      'kind', s.kind, 'parameters', s.parameters, 'last_seen', s.last_seen)
                  ORDER BY s.code)
           FROM stations s WHERE s.enterprise_id = e.id), '[]') AS stations,
       (SELECT count(*) FROM tickets t WHERE t.enterprise_id = e.id AND t.state <> 'closed') AS open_tickets,
       (SELECT max(i.at) FROM inspections i WHERE i.enterprise_id = e.id) AS last_inspection
FROM enterprises e
WHERE e.id = $1
