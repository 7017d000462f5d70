"""paho's MQTT v5 properties, decoded without rebuilding their tables for every packet.

paho-mqtt (2.2) builds a fresh ``Properties`` for each PUBLISH it receives, and each one
rebuilds its three lookup tables (some seventy dicts, lists and tuples) and then walks all
forty-odd property names to clear itself before reading.  At the gateway's rates that was a
third of the MQTT client's CPU per message (``bench/ingest.py``, the client's floor), while
almost every delivery carries no property at all.  :class:`SharedTableProperties` is the
same class with the tables built once and shared (paho never changes them after building)
and an empty property list read as what it is; anything else is decoded by paho's own code.

It is installed into paho's packet decoder by :func:`install`, only where paho is the
version whose decoder this was written against; elsewhere paho is left as it is.
"""

from __future__ import annotations

from paho.mqtt import _packet
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from api.ingest.paho_private import written_against

_TABLES = Properties(PacketTypes.PUBLISH)


class SharedTableProperties(Properties):
    def __init__(self, packetType: int) -> None:  # noqa: N803 - paho's name
        object.__setattr__(self, "packetType", packetType)
        object.__setattr__(self, "types", _TABLES.types)
        object.__setattr__(self, "names", _TABLES.names)
        object.__setattr__(self, "properties", _TABLES.properties)

    def unpack(self, buffer: bytes | bytearray) -> tuple[Properties, int]:
        if buffer[:1] == b"\x00":
            # property length 0: a new object holds nothing to clear and there is nothing to read
            return self, 1
        return super().unpack(buffer)


def install() -> bool:
    """Let paho's packet decoder build :class:`SharedTableProperties`; True when it does."""
    if _packet.Properties is SharedTableProperties:
        return True
    if _packet.Properties is not Properties or not written_against(
        "its MQTT v5 properties are decoded as it does"
    ):
        return False
    _packet.Properties = SharedTableProperties
    return True
