"""Password hashing: Argon2 takes 64 MiB a hash, so only a few run at once whatever comes in."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import gis.auth as auth


def test_a_burst_of_verifications_runs_a_bounded_number_at_once(monkeypatch):
    stored = auth.hash_password("the right password")
    running, most = 0, 0
    lock = threading.Lock()
    real_verify = auth._hasher.verify

    def counted(password_hash: str, password: str) -> bool:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        try:
            time.sleep(0.02)
            return real_verify(password_hash, password)
        finally:
            with lock:
                running -= 1

    class Counted:
        verify = staticmethod(counted)

    monkeypatch.setattr(auth, "_hasher", Counted())
    with ThreadPoolExecutor(max_workers=12) as pool:
        answers = list(
            pool.map(
                lambda i: auth.verify_password(stored, "the right password" if i % 2 else "wrong"), range(12)
            )
        )
    assert answers == [bool(i % 2) for i in range(12)]
    assert most == auth.HASHING_AT_ONCE


def test_an_unknown_user_is_refused_after_a_real_verification(monkeypatch):
    calls = []
    real_verify = auth.verify_password
    monkeypatch.setattr(auth, "verify_password", lambda h, p: calls.append(h) or real_verify(h, p))
    assert auth.verify_unknown_user("anything at all") is False
    assert len(calls) == 1 and calls[0].startswith("$argon2")
