SELECT enterprise_id, count(*) AS count FROM tickets
WHERE enterprise_id = ANY($1::int[]) AND state <> 'closed' AND created_at <= $2::timestamptz
GROUP BY enterprise_id
