INSERT INTO data_marks (station_id, parameter, kind, starts_at, ends_at, reason, evidence, source, device_flag,
                        created_by)
VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8, $9, $10)
RETURNING id
