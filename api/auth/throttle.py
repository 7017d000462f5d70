"""Per-client login throttling with a bounded memory of clients."""

from __future__ import annotations

import time
from collections import OrderedDict, deque


class LoginThrottle:
    """Refuse a client after ``attempts`` failed logins within ``window`` seconds."""

    def __init__(self, attempts: int, window: float, max_clients: int):
        self.attempts = attempts
        self.window = window
        self.max_clients = max_clients
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()

    def retry_after(self, client: str) -> float:
        """Seconds until ``client`` may try again; 0 when it may now."""
        failures = self._recent(client)
        if len(failures) < self.attempts:
            return 0.0
        return max(0.0, failures[0] + self.window - time.monotonic())

    def failed(self, client: str) -> None:
        failures = self._recent(client)
        failures.append(time.monotonic())
        self._failures[client] = failures
        self._failures.move_to_end(client)
        while len(self._failures) > self.max_clients:
            self._failures.popitem(last=False)

    def succeeded(self, client: str) -> None:
        self._failures.pop(client, None)

    def _recent(self, client: str) -> deque[float]:
        failures = self._failures.get(client, deque(maxlen=self.attempts))
        cutoff = time.monotonic() - self.window
        while failures and failures[0] < cutoff:
            failures.popleft()
        return failures
