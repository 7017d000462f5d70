-- The park's limits on the air a parameter's release would reach: in the plant (VOC stations,
-- GB 37822-2019) and at the factory boundary (GB 16297-1996, GB 31571-2015), as set today.
-- Stack limits judge flue gas, not the air around, and are left out.
SELECT id, applies_to, averaging, value, standard, clause
FROM limits
WHERE parameter = $1
  AND station_id IS NULL
  AND applies_to = ANY($2::text[])
  AND bound = 'max'
  AND unit = 'mg/m3'
ORDER BY value DESC, id
