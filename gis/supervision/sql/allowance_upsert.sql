INSERT INTO load_allowances (enterprise_id, parameter, year, allowance_t, permit_no)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (enterprise_id, parameter, year)
DO UPDATE SET allowance_t = excluded.allowance_t, permit_no = excluded.permit_no, updated_at = now()
RETURNING id, enterprise_id, parameter, year, allowance_t, permit_no, updated_at
