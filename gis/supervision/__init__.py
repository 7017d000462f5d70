"""The supervision loop: standards and marks → rules → alarms → e-tickets → health codes.

Every change along the loop is an event in the hash-chained audit log, and every step
sends notices through the outbox.  Functions take an asyncpg connection and a ``now`` so
the loop can be driven by ingestion, by the schedule, by the API and by tests alike.
"""
