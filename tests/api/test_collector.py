"""A settled process keeps what it built out of the collector's sight, and gives it back."""

import gc

from api.collector import settled


def test_settled_freezes_start_up_and_restores_the_collector_after():
    before = gc.get_threshold()
    built_at_start = [object() for _ in range(10)]
    with settled(12_345):
        assert gc.get_threshold() == (12_345, *before[1:])
        assert gc.get_freeze_count() > len(built_at_start)
        # garbage made while serving is still collected
        cycle: list = []
        cycle.append(cycle)
        del cycle
        assert gc.collect() >= 1
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_zero_leaves_the_collector_alone():
    before = gc.get_threshold()
    with settled(0):
        assert gc.get_threshold() == before
        assert gc.get_freeze_count() == 0
