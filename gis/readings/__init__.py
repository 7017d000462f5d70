"""Live monitoring readings: the one ingestion path, the batched store, rollups, history, provenance."""
