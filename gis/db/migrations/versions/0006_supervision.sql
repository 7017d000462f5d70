-- The audit log is append-only. The app connects as the owner of its tables, so a REVOKE
-- of UPDATE/DELETE would not bind it; these triggers refuse every change to a stored event
-- instead. A superuser can still disable them: the hash chain is what makes such a change
-- visible (``parkmap audit verify``).
CREATE FUNCTION parkmap_audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION parkmap_audit_log_refuse_change();

CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION parkmap_audit_log_refuse_change();

-- Which limits a station is judged by: a water-quality station of an enterprise is its
-- wastewater outlet, one without an enterprise watches a river.
CREATE FUNCTION parkmap_station_class(kind text, enterprise_id integer) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN kind = 'water_quality' AND enterprise_id IS NULL THEN 'river'
        WHEN kind = 'water_quality' THEN 'wastewater_outlet'
        ELSE kind
    END
$$;

-- Whether a reading is left out of exceedance judgement: the device flagged it (HJ 212-2017
-- table 8: stopped, maintenance, calibration, fault, communication failure) or a valid mark
-- covers it.  A value above the measurement range (flag T) is never left out: the true
-- value is at least as high, so it can only understate an exceedance.
CREATE FUNCTION parkmap_suppressed(station integer, param text, at timestamptz, flag text)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT flag IS DISTINCT FROM 'T' AND (
        flag IN ('F', 'M', 'C', 'D', 'B')
        OR EXISTS (
            SELECT 1 FROM data_marks m
            WHERE m.station_id = station
              AND (m.parameter IS NULL OR m.parameter = param)
              AND m.status = 'valid'
              AND m.device_flag IS DISTINCT FROM 'T'
              AND m.starts_at <= at
              AND (m.ends_at IS NULL OR m.ends_at > at)
        )
    )
$$;
