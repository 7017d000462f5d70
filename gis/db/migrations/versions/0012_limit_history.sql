-- The history of limits: one row per version of a limit, with the span it was in force.

CREATE FUNCTION parkmap_limit_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND (OLD.value, OLD.unit, OLD.standard, OLD.clause, OLD.bound, OLD.averaging, OLD.parameter)
           IS NOT DISTINCT FROM
           (NEW.value, NEW.unit, NEW.standard, NEW.clause, NEW.bound, NEW.averaging, NEW.parameter) THEN
        RETURN NULL;  -- a note or a timestamp: nothing a value is judged by
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        -- a version opened earlier in this transaction never was in force: it goes
        DELETE FROM limit_history WHERE limit_id = OLD.id AND upper_inf(valid) AND lower(valid) = now();
        UPDATE limit_history SET valid = tstzrange(lower(valid), now())
        WHERE limit_id = OLD.id AND upper_inf(valid);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO limit_history (limit_id, station_id, applies_to, parameter, averaging, bound, value, unit,
                                   standard, clause, valid)
        SELECT NEW.id, NEW.station_id, NEW.applies_to, NEW.parameter, NEW.averaging, NEW.bound, NEW.value,
               NEW.unit, NEW.standard, NEW.clause,
               -- a limit is in force from when it is entered, unless the transaction says since
               -- when (the standards' defaults installed with a park: since always)
               tstzrange(CASE TG_OP
                   WHEN 'INSERT' THEN coalesce(nullif(current_setting('parkmap.limits_since', true), '')::timestamptz,
                                               now())
                   ELSE now()
               END, NULL);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER limits_history AFTER INSERT OR UPDATE OR DELETE ON limits
FOR EACH ROW EXECUTE FUNCTION parkmap_limit_history();

INSERT INTO limit_history (limit_id, station_id, applies_to, parameter, averaging, bound, value, unit, standard,
                           clause, valid)
SELECT id, station_id, applies_to, parameter, averaging, bound, value, unit, standard, clause,
       tstzrange('-infinity', NULL)
FROM limits;
