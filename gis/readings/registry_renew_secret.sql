-- Replace a device secret's hash by one of today's scheme, only while the hash it replaces
-- is still the live one; true when it was replaced.
UPDATE device_secrets
SET secret_hash = $4
WHERE station_id = $1 AND door = $2 AND secret_hash = $3 AND revoked_at IS NULL
RETURNING true
