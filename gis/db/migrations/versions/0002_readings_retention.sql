-- Retention of raw readings: drop every monthly partition that ends at or before the cutoff
-- (a whole month at once, no row-by-row delete), and clear the default partition likewise.
-- Returns the partitions dropped.  Rollups are kept: they are small and they are the history.
CREATE OR REPLACE FUNCTION parkmap_readings_retention(cutoff timestamptz) RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
    part record;
BEGIN
    FOR part IN
        SELECT c.relname
        FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'readings'::regclass
          AND c.relname ~ '^readings_[0-9]{6}$'
          AND ((to_date(substr(c.relname, 10), 'YYYYMM') + interval '1 month')::timestamp
               AT TIME ZONE 'UTC') <= cutoff
        ORDER BY c.relname
    LOOP
        EXECUTE format('DROP TABLE %I', part.relname);
        RETURN NEXT part.relname;
    END LOOP;
    DELETE FROM readings_default WHERE ts < cutoff;
END $$;
