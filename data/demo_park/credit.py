"""Unified social credit codes (GB 32100-2015) with organisation codes (GB 11714-1997)."""

from __future__ import annotations

import numpy as np

# GB 32100-2015 4.2: the code uses these 31 characters (no I, O, S, V, Z); a character's
# value is its index here.
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS_32100 = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
WEIGHTS_11714 = (3, 7, 9, 10, 5, 8, 4, 2)


def check_char_32100(first17: str) -> str:
    """GB 32100-2015 5.2: C18 = 31 - (Σ Ci·Wi mod 31), 31 written as 0."""
    total = sum(CHARSET.index(c) * w for c, w in zip(first17, WEIGHTS_32100, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def check_char_11714(body8: str) -> str:
    """GB 11714-1997: C9 = 11 - (Σ Ci·Wi mod 11); 10 → X, 11 → 0 (letters A=10 … Z=35)."""
    total = sum(int(c, 36) * w for c, w in zip(body8, WEIGHTS_11714, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def credit_code(division: str, body8: str, department: str = "9", kind: str = "1") -> str:
    """``department`` 9 = market regulation, ``kind`` 1 = enterprise; ``division`` is GB/T 2260."""
    first17 = department + kind + division + body8 + check_char_11714(body8)
    if any(c not in CHARSET for c in first17):
        raise ValueError(f"character outside GB 32100 set in {first17}")
    return first17 + check_char_32100(first17)


def random_bodies(rng: np.random.Generator, count: int) -> list[str]:
    """Distinct organisation-code bodies of the newer "MA" form: MA + 6 characters."""
    letters = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    seen: set[str] = set()
    bodies = []
    while len(bodies) < count:
        body = "MA" + "".join(letters[i] for i in rng.integers(0, len(letters), 6))
        if body not in seen and check_char_11714(body) in CHARSET:
            seen.add(body)
            bodies.append(body)
    return bodies
