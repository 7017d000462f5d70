"""Rules that turn readings into alarms; ``rules.batch.evaluate_batch`` is the ingestion hook."""
