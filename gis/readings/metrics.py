"""Counters of the ingestion doors and the store, cheap enough to bump on every message."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class IngestMetrics:
    received: Counter[str] = field(default_factory=Counter)
    rejected: Counter[tuple[str, str]] = field(default_factory=Counter)
    stored: int = 0
    duplicates: int = 0
    values_rejected: int = 0
    batches: int = 0
    store_retries: int = 0
    messages_failed: int = 0
    replies: int = 0
    queue_depth: int = 0

    def reject(self, door: str, reason: str) -> None:
        """Count a message refused at ``door``; ``reason`` is a short code such as ``crc``."""
        self.rejected[(door, reason)] += 1

    def snapshot(self) -> dict[str, Any]:
        return {
            "received": dict(self.received),
            "rejected": {f"{door}.{reason}": n for (door, reason), n in sorted(self.rejected.items())},
            "stored": self.stored,
            "duplicates": self.duplicates,
            "values_rejected": self.values_rejected,
            "batches": self.batches,
            "store_retries": self.store_retries,
            "messages_failed": self.messages_failed,
            "replies": self.replies,
            "queue_depth": self.queue_depth,
        }
