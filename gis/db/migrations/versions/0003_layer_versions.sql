-- Layer versions: one row per tiled table, bumped by statement triggers when a change is
-- made and announced on NOTIFY parkmap_layer_version as 'table:version' when it commits.
-- Versions are microseconds since the epoch (or the previous version + 1, if larger), so they
-- only grow, even across a database rebuilt from scratch: a browser's old ETag never matches.
CREATE TABLE layer_versions (
    table_name text PRIMARY KEY,
    version bigint NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION parkmap_bump_layer_version() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    next_version bigint;
BEGIN
    UPDATE layer_versions
       SET version = greatest(version + 1, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint),
           changed_at = now()
     WHERE table_name = TG_TABLE_NAME
    RETURNING version INTO next_version;
    IF next_version IS NOT NULL THEN
        PERFORM pg_notify('parkmap_layer_version', TG_TABLE_NAME || ':' || next_version);
    END IF;
    RETURN NULL;
END $$;

-- (Re)install the triggers of a table. Columns listed in `volatile` (values that change all
-- the time and are never drawn in tiles, such as stations.last_seen) do not bump the version.
-- Run it again after adding a column to a table that has volatile columns.
CREATE FUNCTION parkmap_track_layer_table(tbl regclass, volatile text[] DEFAULT '{}') RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    name text := (SELECT relname FROM pg_class WHERE oid = tbl);
    tracked text;
BEGIN
    INSERT INTO layer_versions (table_name, version)
    VALUES (name, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint)
    ON CONFLICT (table_name) DO NOTHING;
    EXECUTE format('DROP TRIGGER IF EXISTS parkmap_layer_version_rows ON %s', tbl);
    EXECUTE format('DROP TRIGGER IF EXISTS parkmap_layer_version_update ON %s', tbl);
    EXECUTE format(
        'CREATE TRIGGER parkmap_layer_version_rows AFTER INSERT OR DELETE OR TRUNCATE ON %s '
        'FOR EACH STATEMENT EXECUTE FUNCTION parkmap_bump_layer_version()', tbl);
    IF cardinality(volatile) = 0 THEN
        tracked := '';
    ELSE
        SELECT ' OF ' || string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO tracked
          FROM pg_attribute
         WHERE attrelid = tbl AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
           AND NOT attname = ANY (volatile);
    END IF;
    EXECUTE format(
        'CREATE TRIGGER parkmap_layer_version_update AFTER UPDATE%s ON %s '
        'FOR EACH STATEMENT EXECUTE FUNCTION parkmap_bump_layer_version()', tracked, tbl);
END $$;

SELECT parkmap_track_layer_table(name::regclass)
  FROM unnest(ARRAY[
      'parks', 'zones', 'enterprises', 'chemicals', 'storage_units', 'pipe_nodes', 'pipes',
      'rivers', 'outfalls', 'roads', 'resources', 'population_points', 'inspections',
      'carbon_units']) AS name;
SELECT parkmap_track_layer_table('stations', '{last_seen}');

-- Storage units with their chemical and enterprise, and the chemical's hazard group: the
-- GB 18218-2018 table 2 symbol (J = acute toxicity, W1 explosives, W2 flammable gases, …)
-- or, for data that names the class in words, the words.
CREATE VIEW storage_unit_hazards AS
SELECT s.id, s.code, s.kind, s.quantity_t, s.capacity_t,
       s.enterprise_id, e.name_zh AS enterprise_zh, e.name_en AS enterprise_en,
       c.id AS chemical_id, c.cas, c.un_number, c.name_zh AS chemical_zh, c.name_en AS chemical_en,
       c.hazard_class,
       CASE
           WHEN c.hazard_class IS NULL OR c.hazard_class = '' THEN 'unclassified'
           WHEN c.hazard_class ~* '^J|toxic|毒' THEN 'toxic'
           WHEN c.hazard_class ~* '^W1(\.|$)|explos|爆炸' THEN 'explosive'
           WHEN c.hazard_class ~* '^W[23]$|flammable.gas|aerosol|易燃气体|气溶胶' THEN 'flammable_gas'
           WHEN c.hazard_class ~* '^W5|flammable.liquid|易燃液体' THEN 'flammable_liquid'
           WHEN c.hazard_class ~* '^W(4|9)|oxidi[sz]|氧化' THEN 'oxidizing'
           WHEN c.hazard_class ~* '^W(6|7|8|10|11)|react|peroxide|pyrophoric|flammable.solid|自反应|过氧化|自燃|遇水|易燃固体' THEN 'reactive'
           WHEN c.hazard_class ~* 'corros|腐蚀' THEN 'corrosive'
           ELSE 'other'
       END AS hazard_group,
       round((s.quantity_t / NULLIF(c.gb18218_critical_t, 0))::numeric, 3)::float8 AS critical_ratio,
       s.geom, s.geom_3857
  FROM storage_units AS s
  JOIN chemicals AS c ON c.id = s.chemical_id
  JOIN enterprises AS e ON e.id = s.enterprise_id;
