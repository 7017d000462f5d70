-- Which of the stations have a valid data mark that can leave readings out (any mark but one
-- over a T flag, see parkmap_suppressed), at any time.
SELECT coalesce(array_agg(DISTINCT station_id), '{}'::int[])
FROM data_marks
WHERE station_id = ANY($1::int[])
  AND status = 'valid'
  AND device_flag IS DISTINCT FROM 'T'
