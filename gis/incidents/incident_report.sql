SELECT report_html, report_at FROM incidents WHERE id = $1
