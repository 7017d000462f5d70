"""The private mosquitto of ``./parkmap run``: one per folder, even after a run was killed."""

from __future__ import annotations

from api.ingest.broker import EmbeddedBroker, _alive


def test_a_broker_left_by_a_killed_run_is_replaced(tmp_path):
    first = EmbeddedBroker(tmp_path)
    first.start()
    orphan = first._process
    first._process = None  # the run was killed: nobody stopped its broker
    second = EmbeddedBroker(tmp_path, port=first.port)
    second.start()  # its port would still be taken by the orphan
    try:
        assert not _alive(orphan.pid)
        assert int((tmp_path / "mosquitto.pid").read_text()) == second._process.pid
    finally:
        second.stop()
        orphan.wait(5)
    assert not (tmp_path / "mosquitto.pid").exists()
