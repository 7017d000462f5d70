"""Notices on every step of the loop, through an outbox: a channel outage never blocks the work.

The workflow only inserts rows into ``notifications`` (in its own transaction); a delivery
worker sends them through their target's channel and retries failures with exponential
backoff, a bounded number of times.
"""

from gis.supervision.notify.outbox import deliver_due, enqueue

__all__ = ["deliver_due", "enqueue"]
