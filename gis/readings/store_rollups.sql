-- Fold a batch's new readings, summed per station, parameter and hour by the store, into the
-- hourly and daily rollups.  Groups are upserted in key order so concurrent writers lock
-- rollup rows in the same order.
WITH incoming AS (
    SELECT *
    FROM unnest($1::int[], $2::text[], $3::timestamptz[], $4::timestamptz[],
                $5::int[], $6::int[], $7::float8[], $8::float8[], $9::float8[])
        AS t (station_id, parameter, hour, day, n, flagged, total, min, max)
),
hourly AS (
    INSERT INTO rollups_hourly AS r (station_id, parameter, bucket, n, flagged, total, min, max)
    SELECT station_id, parameter, hour, n, flagged, total, min, max
    FROM incoming
    ORDER BY 1, 2, 3
    ON CONFLICT (station_id, parameter, bucket) DO UPDATE SET
        n = r.n + excluded.n,
        flagged = r.flagged + excluded.flagged,
        total = r.total + excluded.total,
        min = least(r.min, excluded.min),
        max = greatest(r.max, excluded.max)
)
INSERT INTO rollups_daily AS r (station_id, parameter, bucket, n, flagged, total, min, max)
SELECT station_id, parameter, day, sum(n), sum(flagged), sum(total), min(min), max(max)
FROM incoming
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3
ON CONFLICT (station_id, parameter, bucket) DO UPDATE SET
    n = r.n + excluded.n,
    flagged = r.flagged + excluded.flagged,
    total = r.total + excluded.total,
    min = least(r.min, excluded.min),
    max = greatest(r.max, excluded.max)
