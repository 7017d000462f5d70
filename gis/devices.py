"""Device and integration keys for the ingestion doors: hashed, scoped to stations, revocable."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, text

from gis.auth import new_device_key
from gis.errors import InvalidInput, NotFound


@dataclass(frozen=True)
class IssuedKey:
    name: str
    prefix: str
    plaintext: str
    station_codes: tuple[str, ...]


def issue_key(engine: Engine, name: str, station_codes: list[str], kind: str = "device") -> IssuedKey:
    """A new key for ``station_codes``; the plaintext is returned once and never stored."""
    if kind not in ("device", "integration"):
        raise InvalidInput("a key is a device or an integration key")
    if not station_codes:
        raise InvalidInput("a key needs at least one station (--station CODE)")
    key = new_device_key()
    with engine.begin() as conn:
        rows = conn.execute(
            text("SELECT code, id FROM stations WHERE code = ANY(:codes)"), {"codes": station_codes}
        ).all()
        found = dict(rows)
        unknown = sorted(set(station_codes) - set(found))
        if unknown:
            raise NotFound(f"no station with code {', '.join(unknown)}")
        conn.execute(
            text(
                "INSERT INTO api_keys (name, kind, prefix, key_hash, station_ids) VALUES (:n, :k, :p, :h, :s)"
            ),
            {"n": name, "k": kind, "p": key.prefix, "h": key.digest, "s": [found[c] for c in station_codes]},
        )
    return IssuedKey(name, key.prefix, key.plaintext, tuple(station_codes))


def revoke_key(engine: Engine, prefix: str) -> None:
    with engine.begin() as conn:
        done = conn.execute(
            text("UPDATE api_keys SET revoked_at = now() WHERE prefix = :p AND revoked_at IS NULL"),
            {"p": prefix},
        ).rowcount
    if not done:
        raise NotFound(f"no live key with prefix {prefix!r}")


def list_keys(engine: Engine) -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT k.prefix, k.name, k.kind, k.created_at, k.revoked_at, "
                "array(SELECT s.code FROM stations s WHERE s.id = ANY(k.station_ids) ORDER BY s.code) AS stations "
                "FROM api_keys k ORDER BY k.created_at"
            )
        ).mappings()
        return [dict(r) for r in rows]
