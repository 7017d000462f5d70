-- Every storage unit with its chemical's GB 18218 values and its enterprise, and the people
-- (population points) within 500 m outward of the enterprise's plant boundary: points inside
-- the plant itself are its own staff, not the resident population Table 5 counts.
WITH people AS (
    SELECT e.id AS enterprise_id, coalesce(sum(p.people), 0)::int AS people
    FROM enterprises e
    LEFT JOIN population_points p
      ON ST_DWithin(e.geom::geography, p.geom::geography, 500) AND NOT ST_Intersects(e.geom, p.geom)
    GROUP BY e.id
)
SELECT e.id AS enterprise_id, e.code AS enterprise_code, e.name_zh AS enterprise_name, e.industry,
       e.risk_level, people.people,
       u.id AS unit_id, u.code AS unit_code, u.kind AS unit_kind, u.quantity_t, u.capacity_t,
       c.cas, c.name_zh AS chemical_zh, c.name_en AS chemical_en,
       c.gb18218_critical_t, c.gb18218_beta,
       c.sources ->> 'gb18218_critical_t' AS critical_source, c.sources ->> 'gb18218_beta' AS beta_source
FROM storage_units u
JOIN enterprises e ON e.id = u.enterprise_id
JOIN chemicals c ON c.id = u.chemical_id
JOIN people ON people.enterprise_id = e.id
ORDER BY e.code, u.code
