"""Emergency and traceability analysis: dispersion, threat zones, source ranking,
major-hazard grading and pipe-network tracing. Pure functions except ``pipe_trace``."""
