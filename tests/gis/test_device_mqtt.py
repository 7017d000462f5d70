"""A device key is also the device's MQTT login: a real mosquitto lets it publish only to the
readings topics of its own stations, and forgets it once revoked."""

from __future__ import annotations

import subprocess
import threading
import time

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion
from sqlalchemy import text

from api.ingest.broker import free_port, mosquitto_binary
from gis.db.engine import make_engine
from gis.devices import issue_key, revoke_key, write_broker_files

GATEWAY_PASSWORD = "gateway-secret-123"


@pytest.fixture(scope="module")
def keys(database_url):
    engine = make_engine(database_url)
    with engine.begin() as conn:
        for code in ("S-MQ-A", "S-MQ-B"):
            conn.execute(
                text(
                    "INSERT INTO stations (code, name_zh, name_en, kind, geom) VALUES "
                    "(:c, :c, :c, 'voc', ST_SetSRID(ST_MakePoint(105.07, 28.73), 4326))"
                ),
                {"c": code},
            )
    yield engine, issue_key(engine, "voc logger A", ["S-MQ-A"])
    engine.dispose()


def start_broker(folder, files) -> tuple[subprocess.Popen, int]:
    port = free_port()
    config = folder / "mosquitto.conf"
    config.write_text(
        f"listener {port} 127.0.0.1\nallow_anonymous false\npassword_file {files.passwords}\n"
        f"acl_file {files.acl}\npersistence false\nuser root\n"
    )
    process = subprocess.Popen([mosquitto_binary(), "-c", str(config)], stderr=subprocess.PIPE)
    time.sleep(0.5)
    return process, port


def connect(port: int, user: str, password: str) -> tuple[mqtt.Client, int]:
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"t-{user}-{time.monotonic_ns()}")
    client.username_pw_set(user, password)
    outcome = {}
    done = threading.Event()

    def on_connect(client, userdata, flags, reason, properties):
        outcome["rc"] = reason.value
        done.set()

    client.on_connect = on_connect
    client.connect("127.0.0.1", port)
    client.loop_start()
    done.wait(5)
    return client, outcome.get("rc", -1)


def test_a_device_publishes_only_to_its_own_station_and_not_after_revocation(keys, tmp_path):
    engine, key = keys
    files = write_broker_files(engine, tmp_path, "parkmap-gateway", GATEWAY_PASSWORD)
    broker, port = start_broker(tmp_path, files)
    try:
        gateway, rc = connect(port, "parkmap-gateway", GATEWAY_PASSWORD)
        assert rc == 0
        heard: list[str] = []
        gateway.on_message = lambda c, u, message: heard.append(message.topic)
        gateway.subscribe("park/+/stations/+/readings", qos=1)
        time.sleep(0.3)
        device, rc = connect(port, key.prefix, key.plaintext)
        assert rc == 0
        device.publish(
            "park/JA/stations/S-MQ-B/readings", b'{"ts":"2026-11-25T10:00:00Z","values":{"nmhc":1}}', qos=1
        )
        device.publish(
            "park/JA/stations/S-MQ-A/readings", b'{"ts":"2026-11-25T10:00:00Z","values":{"nmhc":1}}', qos=1
        )
        time.sleep(1.0)
        assert heard == ["park/JA/stations/S-MQ-A/readings"], "only its own station's topic gets through"
        _, wrong = connect(port, key.prefix, key.plaintext[:-2] + "xx")
        assert wrong != 0
        for client in (gateway, device):
            client.loop_stop()
            client.disconnect()
    finally:
        broker.terminate()
        broker.wait(5)
    revoke_key(engine, key.prefix)
    files = write_broker_files(engine, tmp_path, "parkmap-gateway", GATEWAY_PASSWORD)
    assert key.prefix not in files.passwords.read_text()
    assert f"user {key.prefix}" not in files.acl.read_text()
