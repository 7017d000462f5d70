"""Emergency incidents: what happened, what the analysis found, and the printable report."""
