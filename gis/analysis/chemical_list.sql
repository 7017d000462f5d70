-- The chemical library for the responder's picker: each chemical, the air parameter that
-- measures it ($1 CAS numbers → $2 parameters), whether the model can run on it (a sourced
-- molecular weight and at least one sourced AEGL, or an ambient-air limit of the park on its
-- parameter, for the station classes $3), and how much of it the park holds in how many
-- storage units.  Held chemicals first, most held first.
WITH measured AS (
    SELECT * FROM unnest($1::text[], $2::text[]) AS m(cas, parameter)
)
SELECT c.id, c.cas, c.un_number, c.name_zh, c.name_en, c.hazard_class, c.molecular_weight,
       m.parameter,
       c.molecular_weight IS NOT NULL
           AND (c.aegl1_ppm IS NOT NULL OR c.aegl2_ppm IS NOT NULL OR c.aegl3_ppm IS NOT NULL
                OR EXISTS (
                    SELECT 1 FROM limits l
                    WHERE l.parameter = m.parameter AND l.station_id IS NULL
                      AND l.applies_to = ANY($3::text[]) AND l.bound = 'max' AND l.unit = 'mg/m3'
                )) AS modelled,
       count(u.id)::int AS storage_units,
       coalesce(sum(u.quantity_t), 0)::float8 AS held_t
FROM chemicals c
LEFT JOIN measured m ON m.cas = c.cas
LEFT JOIN storage_units u ON u.chemical_id = c.id
GROUP BY c.id, m.parameter
ORDER BY count(u.id) = 0, coalesce(sum(u.quantity_t), 0) DESC, c.name_en
