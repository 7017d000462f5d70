-- Grow the device mark of this series and flag that ends within the merge gap of the new stretch.
WITH candidate AS (
    SELECT id, starts_at, ends_at FROM data_marks
    WHERE station_id = $1 AND parameter = $2 AND device_flag = $3 AND source = 'device'
      AND ends_at >= $4::timestamptz - $6::interval AND starts_at <= $5::timestamptz + $6::interval
    ORDER BY ends_at DESC
    LIMIT 1
    FOR UPDATE
), grown AS (
    UPDATE data_marks m
    SET starts_at = least(m.starts_at, $4::timestamptz), ends_at = greatest(m.ends_at, $5::timestamptz)
    FROM candidate c
    WHERE m.id = c.id AND ($4 < c.starts_at OR $5 > c.ends_at)
    RETURNING m.id, m.starts_at, m.ends_at
)
SELECT c.id, coalesce(g.starts_at, c.starts_at) AS starts_at, coalesce(g.ends_at, c.ends_at) AS ends_at,
       g.id IS NOT NULL AS grown
FROM candidate c LEFT JOIN grown g ON g.id = c.id
