-- The versions of one limit, oldest first; an infinite end of the span reads as null.
SELECT station_id, applies_to, parameter, averaging, bound, value, unit, standard, clause,
       CASE WHEN lower(valid) = '-infinity' THEN NULL ELSE lower(valid) END AS valid_from,
       upper(valid) AS valid_to
FROM limit_history
WHERE limit_id = $1
ORDER BY lower(valid)
