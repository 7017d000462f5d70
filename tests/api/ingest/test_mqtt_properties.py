"""MQTT v5 properties decode to the same values with the shared tables as with paho's own."""

from __future__ import annotations

import struct

import pytest
from paho.mqtt import _packet
from paho.mqtt.enums import MQTTProtocolVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from api.ingest import mqtt_properties
from api.ingest.mqtt_properties import SharedTableProperties

TOPIC = b"park/DEMO/stations/S-VOC-1/readings"
PAYLOAD = b'{"ts": "2026-12-06T08:00:00+08:00", "values": {"nmhc": 0.8}}'
QOS1 = 0x32


def publish_body(properties: Properties | None, mid: int = 7) -> bytes:
    packed = properties.pack() if properties is not None else b"\x00"
    return struct.pack("!H", len(TOPIC)) + TOPIC + struct.pack("!H", mid) + packed + PAYLOAD


def with_everything() -> Properties:
    properties = Properties(PacketTypes.PUBLISH)
    properties.PayloadFormatIndicator = 1
    properties.MessageExpiryInterval = 3600
    properties.ContentType = "application/json"
    properties.ResponseTopic = "park/DEMO/replies"
    properties.CorrelationData = b"\x01\x02"
    properties.UserProperty = [("firmware", "2.4.1"), ("site", "东门")]
    return properties


def decoded(properties_class, body: bytes):
    original = _packet.Properties
    _packet.Properties = properties_class
    try:
        return _packet.decode_publish(QOS1, body, MQTTProtocolVersion.MQTTv5)
    finally:
        _packet.Properties = original


@pytest.mark.parametrize("properties", [None, with_everything()], ids=["none", "every kind"])
def test_a_publish_decodes_the_same_as_with_paho_s_own_properties(properties):
    body = publish_body(properties)
    mine, theirs = decoded(SharedTableProperties, body), decoded(Properties, body)
    assert (mine.topic, mine.mid, mine.payload, mine.qos) == (TOPIC, 7, PAYLOAD, 1)
    assert (mine.topic, mine.mid, mine.payload) == (theirs.topic, theirs.mid, theirs.payload)
    assert mine.properties.json() == theirs.properties.json()
    assert mine.properties.pack() == theirs.properties.pack()


def test_tables_are_shared_but_values_are_not():
    first, second = SharedTableProperties(PacketTypes.PUBLISH), SharedTableProperties(PacketTypes.PUBLISH)
    first.unpack(with_everything().pack())
    second.unpack(b"\x00")
    assert first.names is second.names
    assert first.MessageExpiryInterval == 3600 and not hasattr(second, "MessageExpiryInterval")
    assert second.isEmpty()


def test_installed_into_paho_s_decoder_by_the_door():
    assert mqtt_properties.install()
    assert _packet.Properties is SharedTableProperties
