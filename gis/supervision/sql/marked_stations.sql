-- Which of the stations have a valid data mark that can leave readings out (any mark but one
-- over a T flag, see parkmap_suppressed) at $2 or later: a mark that ended before cannot
-- leave out a reading from $2 on.
SELECT coalesce(array_agg(DISTINCT station_id), '{}'::int[])
FROM data_marks
WHERE station_id = ANY($1::int[])
  AND status = 'valid'
  AND device_flag IS DISTINCT FROM 'T'
  AND (ends_at IS NULL OR ends_at >= $2)
