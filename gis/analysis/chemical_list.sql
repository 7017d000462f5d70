-- The chemical library for the responder's picker: each chemical, whether the model can run
-- on it (a sourced molecular weight and at least one sourced AEGL), and how much of it the
-- park holds in how many storage units.  Held chemicals first, most held first.
SELECT c.id, c.cas, c.un_number, c.name_zh, c.name_en, c.hazard_class, c.molecular_weight,
       c.molecular_weight IS NOT NULL
           AND (c.aegl1_ppm IS NOT NULL OR c.aegl2_ppm IS NOT NULL OR c.aegl3_ppm IS NOT NULL) AS modelled,
       count(u.id)::int AS storage_units,
       coalesce(sum(u.quantity_t), 0)::float8 AS held_t
FROM chemicals c
LEFT JOIN storage_units u ON u.chemical_id = c.id
GROUP BY c.id
ORDER BY count(u.id) = 0, coalesce(sum(u.quantity_t), 0) DESC, c.name_en
