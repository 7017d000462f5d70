-- name: counts
SELECT
  (SELECT coalesce(jsonb_object_agg(state, n), '{}') FROM
     (SELECT state, count(*) AS n FROM carbon_jobs WHERE state NOT IN ('closed', 'cancelled') GROUP BY 1) x)::text
     AS carbon_jobs,
  (SELECT max(year) FROM production_audits) AS audit_year,
  (SELECT coalesce(jsonb_object_agg(code, n), '{}') FROM
     (SELECT code, count(*) AS n FROM production_audits
       WHERE year = (SELECT max(year) FROM production_audits) AND code IS NOT NULL GROUP BY 1) x)::text
     AS audit_codes,
  (SELECT round(avg(score)::numeric, 1)::float8 FROM production_audits
    WHERE year = (SELECT max(year) FROM production_audits)) AS audit_mean_score,
  (SELECT count(*) FROM alarms WHERE rule = 'voc_fence' AND status = 'open') AS fence_open_alarms,
  (SELECT jsonb_build_object('hour', hour, 'status', status) FROM fence_evaluations
    ORDER BY hour DESC LIMIT 1)::text AS fence_last,
  (SELECT count(*) FROM material_stocks) AS material_stocks,
  (SELECT count(DISTINCT material_type) FROM material_stocks) AS material_types,
  (SELECT coalesce(jsonb_object_agg(state, n), '{}') FROM
     (SELECT state, count(*) AS n FROM material_loans WHERE state IN ('requested', 'approved', 'handed_over')
       GROUP BY 1) x)::text AS open_loans,
  (SELECT count(*) FROM pipe_nodes WHERE kind = 'rain_gate' AND state = 'closed') AS gates_closed,
  (SELECT count(*) FROM pipe_nodes WHERE kind = 'rain_gate' AND coalesce(state, 'open') <> 'closed') AS gates_open,
  (SELECT coalesce(jsonb_object_agg(kind, n), '{}') FROM
     (SELECT s.kind, count(*) AS n FROM alarms a JOIN stations s ON s.id = a.station_id
       WHERE a.status = 'open' GROUP BY 1) x)::text AS open_alarms_by_kind
