"""Password hashing: Argon2 takes 64 MiB a hash, so only a few run at once whatever comes in."""

from __future__ import annotations

import subprocess
import sys
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


def test_a_device_secret_is_stored_salted_and_checked_without_argon2s_memory():
    check = (
        "import resource, gis.auth as auth\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "stored = auth.hash_device_secret('123456')\n"
        "assert auth.verify_device_secret(stored, '123456') and not auth.verify_device_secret(stored, '123457')\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before, stored)\n"
    )
    answer = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    grown_kib, stored = answer.stdout.split()
    # Argon2 as the logins use it would take 64 MiB here, for every data logger that connects
    assert int(grown_kib) < 8 * 1024
    assert stored.startswith(f"$pbkdf2-sha256$i={auth.DEVICE_SECRET_ITERATIONS}$") and "123456" not in stored
    assert stored != auth.hash_device_secret("123456"), "each secret gets its own salt"
    assert not auth.device_secret_needs_rehash(stored)
    assert auth.device_secret_needs_rehash(auth.hash_password("123456"))
    assert auth.device_secret_needs_rehash(auth.hash_device_secret("123456", iterations=1000))
