SELECT id, station_id, applies_to, parameter, averaging, bound, value, unit, standard, clause, water_class, note,
       updated_at
FROM limits
WHERE ($1::int IS NULL OR id = $1)
  AND ($2::int IS NULL OR station_id = $2)
  AND ($3::text IS NULL OR applies_to = $3)
  AND ($4::text IS NULL OR parameter = $4)
ORDER BY applies_to NULLS LAST, station_id, parameter, averaging, bound, id
