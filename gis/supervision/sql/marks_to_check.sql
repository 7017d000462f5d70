SELECT id
FROM data_marks
WHERE status = 'valid' AND source = 'enterprise' AND kind IN ('shutdown', 'calibration') AND starts_at <= $1
AND (ends_at IS NULL OR ends_at > $1 - interval '1 day')
ORDER BY id
