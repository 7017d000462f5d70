-- Fold a batch's new readings, summed by the store per station, parameter and hour of the
-- park's time zone ($9), into the hourly rollups, and those hours summed by the park's day
-- into the daily ones.  Rows are upserted in key order so concurrent writers lock rollup
-- rows in the same order; store_rollup_fold.sql, how a group is added to a row, closes each.
WITH hours AS (
    SELECT *
    FROM unnest($1::int[], $2::text[], $3::timestamptz[], $4::int[], $5::int[], $6::float8[], $7::float8[], $8::float8[])
        AS g (station_id, parameter, bucket, n, flagged, total, min, max)
), hourly AS (
    INSERT INTO rollups_hourly AS r (station_id, parameter, bucket, n, flagged, total, min, max)
    SELECT * FROM hours
    ORDER BY 1, 2, 3
    {fold}
)
INSERT INTO rollups_daily AS r (station_id, parameter, bucket, n, flagged, total, min, max)
SELECT station_id, parameter, date_trunc('day', bucket, $9), sum(n), sum(flagged), sum(total), min(min), max(max)
FROM hours
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3
{fold}
