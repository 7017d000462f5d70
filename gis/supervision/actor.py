"""Who does something on the loop: a person with a role (and maybe an enterprise), or the system."""

from __future__ import annotations

from dataclasses import dataclass

OFFICERS = frozenset({"admin", "manager", "inspector"})
NO_ENTERPRISE = -1


@dataclass(frozen=True)
class Actor:
    username: str
    role: str
    enterprise_id: int | None = None
    user_id: int | None = None

    @property
    def is_enterprise(self) -> bool:
        return self.role == "enterprise"

    @property
    def enterprise_scope(self) -> int | None:
        """The one enterprise an enterprise user may see (never None for them), else None: all."""
        if self.is_enterprise:
            return self.enterprise_id if self.enterprise_id is not None else NO_ENTERPRISE
        return None


SYSTEM = Actor("system", "system")
RULES = Actor("rules", "system")
