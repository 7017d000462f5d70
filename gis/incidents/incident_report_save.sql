UPDATE incidents SET report_html = $2, report_at = $3 WHERE id = $1 RETURNING id
