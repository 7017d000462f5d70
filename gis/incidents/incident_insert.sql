-- A new incident; JSON arrives as text so any connection can run this.
INSERT INTO incidents (title, occurred_at, place, chemical_id, storage_unit_id, release, weather, results,
                       created_by, geom)
VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7::text::jsonb, $8::text::jsonb, $9,
        ST_SetSRID(ST_MakePoint($10, $11), 4326))
RETURNING id, created_at
