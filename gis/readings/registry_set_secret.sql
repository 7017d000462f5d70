-- Set or replace a station's device secret at a door; a revoked one comes back to life.
INSERT INTO device_secrets (station_id, door, secret_hash)
VALUES ($1, $2, $3)
ON CONFLICT (station_id, door) DO UPDATE
SET secret_hash = excluded.secret_hash, created_at = now(), revoked_at = NULL
