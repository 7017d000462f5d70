"""A lean MQTT 3.1.1 publisher for the benches: QoS 1 over a plain socket, a window of
unacknowledged messages, nothing else.

Field devices are data loggers on machines of their own; on the bench machine the
publishers share the cores with the broker, the gateway and PostgreSQL.  paho spends about
100 µs of CPU on each QoS 1 publish (building, queueing, its network thread, the PUBACK
callback), as much as the gateway spends storing it, so a bench driven by paho measures
the publishers as much as the gateway.  This one encodes each PUBLISH in a few bytes of
Python, writes them in runs and counts the broker's PUBACKs: every message is still
sent at QoS 1 and acknowledged by the broker before the publisher ends.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterable

CONNECT, CONNACK, PUBLISH_QOS1, PUBACK = 0x10, 0x20, 0x32, 0x40
RUN = 200  # PUBLISH packets written by one send


def remaining_length(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n % 128, n // 128
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def packet(kind: int, body: bytes) -> bytes:
    return bytes([kind]) + remaining_length(len(body)) + body


def text(value: str) -> bytes:
    encoded = value.encode()
    return len(encoded).to_bytes(2, "big") + encoded


def connect_packet(client_id: str, keepalive: int = 600) -> bytes:
    """CONNECT, protocol level 4 (3.1.1), clean session."""
    return packet(CONNECT, text("MQTT") + bytes([4, 0x02]) + keepalive.to_bytes(2, "big") + text(client_id))


def publish_packet(topic: str, mid: int, payload: bytes) -> bytes:
    return packet(PUBLISH_QOS1, text(topic) + mid.to_bytes(2, "big") + payload)


def publish_all(
    port: int,
    client_id: str,
    messages: Iterable[tuple[str, bytes]],
    inflight: int = 1000,
    on_connected: Callable[[], None] | None = None,
) -> int:
    """Publish ``messages`` (topic, payload) at QoS 1 with at most ``inflight`` unacknowledged,
    ``on_connected`` called once the broker accepted the connection; return once the broker
    has acknowledged every one, with how many were sent."""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.sendall(connect_packet(client_id))
        connack = _read_exactly(sock, 4)
        if connack[0] != CONNACK or connack[3] != 0:
            raise ConnectionError(f"broker refused the connection: {connack.hex()}")
        if on_connected is not None:
            on_connected()
        pending = iter(messages)
        sent = acked = 0
        leftover = b""
        done = False
        while not done or acked < sent:
            run = []
            while not done and len(run) < RUN and sent + len(run) - acked < inflight:
                try:
                    topic, payload = next(pending)
                except StopIteration:
                    done = True
                    break
                run.append(publish_packet(topic, (sent + len(run)) % 65535 + 1, payload))
            if run:
                sock.sendall(b"".join(run))
                sent += len(run)
                if sent - acked < inflight and not done:
                    continue
            if acked < sent:
                data = leftover + sock.recv(65536)
                if not data:
                    raise ConnectionError(
                        f"broker closed the connection after {acked} of {sent} acknowledgements"
                    )
                whole = len(data) // 4 * 4
                acked += sum(1 for i in range(0, whole, 4) if data[i] == PUBACK)
                leftover = data[whole:]
        return sent


def _read_exactly(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("broker closed the connection")
        data += chunk
    return data
