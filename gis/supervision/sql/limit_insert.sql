INSERT INTO limits (station_id, applies_to, parameter, averaging, bound, value, unit, standard, clause,
                    water_class, note)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
ON CONFLICT ON CONSTRAINT uq_limits_target DO NOTHING
