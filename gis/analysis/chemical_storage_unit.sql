-- A storage unit with its position, enterprise and chemical.
SELECT u.id, u.code, u.kind, u.quantity_t, u.capacity_t, u.chemical_id,
       ST_X(u.geom) AS lon, ST_Y(u.geom) AS lat,
       e.id AS enterprise_id, e.code AS enterprise_code, e.name_zh AS enterprise_name
FROM storage_units u
JOIN enterprises e ON e.id = u.enterprise_id
WHERE u.id = $1
