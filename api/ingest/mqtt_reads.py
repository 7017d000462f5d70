"""paho's socket read, taking every packet that has arrived rather than one per wake-up.

paho-mqtt (2.2) reads one packet each time the event loop says its socket is readable
(``loop_read`` counts the QoS 2 messages in flight, none for QoS 1, and reads at least one).
A backlog of deliveries then costs one turn of the event loop, one ``epoll_wait`` and one
callback per message.  :func:`read_runs` has the client read on, packet after packet, until
the socket has nothing more (or ``RUN`` packets), as ``loop_read`` does for each one.

It uses paho's packet reader, so only where paho is the version it was written against;
elsewhere paho reads as it does.
"""

from __future__ import annotations

from paho.mqtt.client import Client, MQTTErrorCode

from api.ingest.paho_private import written_against

RUN = 256  # packets read in one turn at most, so a flood cannot hold the event loop


def read_runs(client: Client) -> bool:
    """Let ``client`` read runs of packets on each wake-up; True when it does."""
    if not written_against("one packet is read per wake-up"):
        return False

    def loop_read(max_packets: int = 1) -> MQTTErrorCode:
        for _ in range(RUN):
            if client._sock is None:
                return MQTTErrorCode.MQTT_ERR_NO_CONN
            rc = client._packet_read()
            if rc > 0:
                return client._loop_rc_handle(rc)
            if rc == MQTTErrorCode.MQTT_ERR_AGAIN:
                break
        return MQTTErrorCode.MQTT_ERR_SUCCESS

    client.loop_read = loop_read  # type: ignore[method-assign]
    return True
