CREATE TEMP TABLE {stage} ON COMMIT DROP AS
SELECT {columns}, 0::integer AS _row FROM {table} WITH NO DATA
