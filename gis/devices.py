"""Device and integration keys for the ingestion doors: hashed, scoped to stations, revocable."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text

from gis.auth import mosquitto_hash, new_device_key
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
                "INSERT INTO api_keys (name, kind, prefix, key_hash, mqtt_hash, station_ids) "
                "VALUES (:n, :k, :p, :h, :m, :s)"
            ),
            {
                "n": name,
                "k": kind,
                "p": key.prefix,
                "h": key.digest,
                "m": mosquitto_hash(key.plaintext),
                "s": [found[c] for c in station_codes],
            },
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


BROKER_KEYS_SQL = """
SELECT k.prefix, k.mqtt_hash,
       array(SELECT s.code FROM stations s WHERE s.id = ANY(k.station_ids) ORDER BY s.code) AS stations
FROM api_keys k
WHERE k.revoked_at IS NULL AND k.mqtt_hash IS NOT NULL
ORDER BY k.prefix
"""


@dataclass(frozen=True)
class BrokerFiles:
    passwords: Path
    acl: Path
    devices: int


def write_broker_files(
    engine: Engine, folder: Path, gateway_user: str | None = None, gateway_password: str | None = None
) -> BrokerFiles:
    """mosquitto's ``password_file`` and ``acl_file`` from the live device keys.

    A device logs in with its key's prefix as user name and the whole key as password, and may
    publish only to the readings topics of its own stations; the gateway may read them all.
    A revoked key is gone from the files the next time they are written (then reload mosquitto).
    """
    with engine.connect() as conn:
        rows = conn.execute(text(BROKER_KEYS_SQL)).mappings().all()
    passwords = [f"{r['prefix']}:{r['mqtt_hash']}" for r in rows]
    acl = []
    if gateway_user:
        if not gateway_password:
            raise InvalidInput("the gateway's MQTT account needs a password (PARKMAP_MQTT_PASSWORD)")
        passwords.insert(0, f"{gateway_user}:{mosquitto_hash(gateway_password)}")
        acl += [f"user {gateway_user}", "topic read park/+/stations/+/readings", ""]
    for r in rows:
        acl.append(f"user {r['prefix']}")
        acl += [f"topic write park/+/stations/{code}/readings" for code in r["stations"]]
        acl.append("")
    folder.mkdir(parents=True, exist_ok=True)
    password_file, acl_file = folder / "passwords", folder / "acl"
    password_file.touch(mode=0o600)
    password_file.write_text("\n".join(passwords) + "\n")
    acl_file.write_text("\n".join(acl) + "\n")
    return BrokerFiles(password_file, acl_file, len(rows))
