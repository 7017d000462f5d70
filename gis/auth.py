"""Who may see and do what, in the park's terms: roles, enterprise scope, secrets.

Scoping is enforced in the queries: every read of enterprise-owned data takes a ``Scope``
and an ``enterprise`` user's scope restricts it to that one enterprise.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ROLES = ("admin", "manager", "responder", "inspector", "enterprise", "bureau", "screen")
READ_ONLY_ROLES = frozenset({"bureau", "screen"})
PARK_STAFF = frozenset({"admin", "manager", "responder", "inspector"})
DEVICE_KEY_PREFIX = "pmk_"

_hasher = PasswordHasher()
# An Argon2 hash takes 64 MiB and tens of milliseconds: at most this many run at once, so a
# burst of logins costs a bounded amount of memory.
HASHING_AT_ONCE = 2
_hashing = threading.BoundedSemaphore(HASHING_AT_ONCE)

# Device secrets (a data logger's HJ 212 PW) are checked by every gateway on every new PW a
# device presents, and a park has hundreds of loggers: they are stored as PBKDF2-HMAC-SHA256,
# which needs no memory to speak of, at the iteration count the OWASP Password Storage Cheat
# Sheet (2023) gives for it.  Argon2 hashes stored before still verify, and are replaced.
DEVICE_SECRET_SCHEME = "pbkdf2-sha256"
DEVICE_SECRET_ITERATIONS = 600_000
DEVICE_SECRET_SALT_BYTES = 16
_deriving = threading.BoundedSemaphore(HASHING_AT_ONCE)


@dataclass(frozen=True)
class Scope:
    """What part of the park a caller may see: all of it, or one enterprise's own data."""

    role: str
    enterprise_id: int | None = None
    user_id: int | None = None

    @property
    def is_enterprise(self) -> bool:
        return self.role == "enterprise"

    @property
    def can_write(self) -> bool:
        return self.role not in READ_ONLY_ROLES

    @property
    def cache_key(self) -> str:
        """Two callers with the same key see exactly the same tiles and features."""
        if self.is_enterprise:
            return f"enterprise:{self.enterprise_id}"
        return f"role:{self.role}"


PUBLIC_SCOPE = Scope(role="public")


def hash_password(password: str) -> str:
    with _hashing:
        return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches; blocking (tens of ms): call it from a worker thread."""
    try:
        with _hashing:
            return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


_UNKNOWN_USER_HASH: str | None = None


def verify_unknown_user(password: str) -> bool:
    """As long as a real verification, so the answer's time does not tell who has an account."""
    global _UNKNOWN_USER_HASH
    if _UNKNOWN_USER_HASH is None:
        _UNKNOWN_USER_HASH = hash_password(secrets.token_urlsafe(16))
    verify_password(_UNKNOWN_USER_HASH, password)
    return False


def password_needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def check_new_password(password: str) -> None:
    from gis.errors import InvalidInput

    if len(password) < 10:
        raise InvalidInput("a password needs at least 10 characters")


def new_password() -> str:
    return secrets.token_urlsafe(12)


def hash_device_secret(secret: str, iterations: int = DEVICE_SECRET_ITERATIONS) -> str:
    """A device secret as stored, in PHC string format: ``$pbkdf2-sha256$i=N$salt$hash``.

    Blocking (a few hundred ms of CPU, no memory): call it from a worker thread.
    """
    salt = secrets.token_bytes(DEVICE_SECRET_SALT_BYTES)
    derived = _derive(secret, salt, iterations)
    return f"${DEVICE_SECRET_SCHEME}$i={iterations}${_b64(salt)}${_b64(derived)}"


def verify_device_secret(stored: str, secret: str) -> bool:
    """Whether ``secret`` matches a stored device secret (PBKDF2, or Argon2 stored before);
    blocking: call it from a worker thread."""
    if stored.startswith("$argon2"):
        return verify_password(stored, secret)
    parsed = _parse_device_secret(stored)
    if parsed is None:
        return False
    iterations, salt, expected = parsed
    return hmac.compare_digest(_derive(secret, salt, iterations), expected)


def device_secret_needs_rehash(stored: str) -> bool:
    """Whether a stored device secret should be replaced by a hash of today's scheme and cost."""
    parsed = _parse_device_secret(stored)
    return parsed is None or parsed[0] < DEVICE_SECRET_ITERATIONS


def _derive(secret: str, salt: bytes, iterations: int) -> bytes:
    with _deriving:
        return hashlib.pbkdf2_hmac("sha256", secret.encode(), salt, iterations)


def _parse_device_secret(stored: str) -> tuple[int, bytes, bytes] | None:
    """(iterations, salt, derived key) of a PBKDF2 device secret, None for anything else."""
    _, scheme, cost, salt, derived = (stored.split("$") + [""] * 5)[:5]
    if scheme != DEVICE_SECRET_SCHEME or not cost.startswith("i="):
        return None
    try:
        return int(cost[2:]), _unb64(salt), _unb64(derived)
    except ValueError:
        return None


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


@dataclass(frozen=True)
class DeviceKey:
    """A device or integration key: shown once as ``plaintext``, stored as ``prefix`` + ``digest``."""

    plaintext: str
    prefix: str
    digest: str


def new_device_key() -> DeviceKey:
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    plaintext = f"{DEVICE_KEY_PREFIX}{prefix}_{secret}"
    return DeviceKey(plaintext, prefix, key_digest(plaintext))


def key_digest(plaintext: str) -> str:
    # device keys carry 256 random bits: a plain SHA-256 is as strong as a slow hash here
    return hashlib.sha256(plaintext.encode()).hexdigest()


def mosquitto_hash(plaintext: str, iterations: int = 10_000) -> str:
    """The key as mosquitto's password file stores it: PBKDF2-SHA512 ($7$), so a device can log
    in to the MQTT broker with the same key it uses on the HTTP door."""
    salt = secrets.token_bytes(12)
    derived = hashlib.pbkdf2_hmac("sha512", plaintext.encode(), salt, iterations, 64)
    return f"$7${iterations}${base64.b64encode(salt).decode()}${base64.b64encode(derived).decode()}"


def split_device_key(plaintext: str) -> str | None:
    """The lookup prefix of a presented key, or None when it is not shaped like one."""
    if not plaintext.startswith(DEVICE_KEY_PREFIX):
        return None
    prefix, sep, _ = plaintext[len(DEVICE_KEY_PREFIX) :].partition("_")
    return prefix if sep and len(prefix) == 8 else None


def device_key_matches(stored_digest: str, plaintext: str) -> bool:
    return hmac.compare_digest(stored_digest, key_digest(plaintext))
