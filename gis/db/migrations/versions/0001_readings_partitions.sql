-- Monthly partitions of readings, made on demand by the ingestion path and by the loader.
-- A DEFAULT partition catches a reading whose month has no partition yet, so nothing is lost.
CREATE OR REPLACE FUNCTION parkmap_readings_partition(at timestamptz) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    month_start date := date_trunc('month', at AT TIME ZONE 'UTC')::date;
    name text := format('readings_%s', to_char(month_start, 'YYYYMM'));
BEGIN
    IF to_regclass(name) IS NULL THEN
        EXECUTE format(
            'CREATE TABLE IF NOT EXISTS %I PARTITION OF readings FOR VALUES FROM (%L) TO (%L)',
            name,
            (month_start::timestamp AT TIME ZONE 'UTC'),
            ((month_start + interval '1 month')::timestamp AT TIME ZONE 'UTC'));
    END IF;
    RETURN name;
END $$;

CREATE TABLE readings_default PARTITION OF readings DEFAULT;
CREATE INDEX ix_readings_ts ON readings (ts);
SELECT parkmap_readings_partition(now() - make_interval(months => m)) FROM generate_series(-1, 2) AS m;
