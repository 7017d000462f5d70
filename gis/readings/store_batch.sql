-- One batch of readings: insert what is new (a duplicate is ignored by the key station +
-- parameter + ts), fold only the new values into the hourly and daily rollups in the same
-- statement, and return how many values of each raw message were new.  Rollups take values
-- flagged N; other flags are counted.
-- Groups are upserted in key order so concurrent writers lock rollup rows in the same order.
WITH incoming AS (
    SELECT *
    FROM unnest($1::int[], $2::text[], $3::timestamptz[], $4::float8[], $5::text[], $6::bigint[])
        AS t (station_id, parameter, ts, value, flag, raw_id)
),
inserted AS (
    INSERT INTO readings (station_id, parameter, ts, value, flag, raw_id)
    SELECT station_id, parameter, ts, value, flag, raw_id FROM incoming
    ON CONFLICT DO NOTHING
    RETURNING station_id, parameter, ts, value, flag, raw_id
),
hourly AS (
    INSERT INTO rollups_hourly AS r (station_id, parameter, bucket, n, flagged, total, min, max)
    SELECT station_id, parameter, date_trunc('hour', ts),
           count(value) FILTER (WHERE flag = 'N'),
           count(*) FILTER (WHERE flag <> 'N'),
           coalesce(sum(value) FILTER (WHERE flag = 'N'), 0),
           min(value) FILTER (WHERE flag = 'N'),
           max(value) FILTER (WHERE flag = 'N')
    FROM inserted
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
    ON CONFLICT (station_id, parameter, bucket) DO UPDATE SET
        n = r.n + excluded.n,
        flagged = r.flagged + excluded.flagged,
        total = r.total + excluded.total,
        min = least(r.min, excluded.min),
        max = greatest(r.max, excluded.max)
),
daily AS (
    INSERT INTO rollups_daily AS r (station_id, parameter, bucket, n, flagged, total, min, max)
    SELECT station_id, parameter, date_trunc('day', ts, $7),
           count(value) FILTER (WHERE flag = 'N'),
           count(*) FILTER (WHERE flag <> 'N'),
           coalesce(sum(value) FILTER (WHERE flag = 'N'), 0),
           min(value) FILTER (WHERE flag = 'N'),
           max(value) FILTER (WHERE flag = 'N')
    FROM inserted
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
    ON CONFLICT (station_id, parameter, bucket) DO UPDATE SET
        n = r.n + excluded.n,
        flagged = r.flagged + excluded.flagged,
        total = r.total + excluded.total,
        min = least(r.min, excluded.min),
        max = greatest(r.max, excluded.max)
)
SELECT raw_id, count(*)::int AS stored FROM inserted GROUP BY raw_id
