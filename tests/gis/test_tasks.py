"""Background tasks stop when asked, even one whose first cancellation was lost."""

from __future__ import annotations

import asyncio

from gis.tasks import cancel_and_wait


async def test_a_task_that_loses_its_cancellation_is_stopped_all_the_same():
    lost = 0

    async def publisher() -> None:
        nonlocal lost
        while True:
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                if lost == 0:  # as asyncio.wait_for does on 3.11 when its future completes meanwhile
                    lost += 1
                    continue
                raise

    task = asyncio.create_task(publisher())
    await asyncio.sleep(0)
    async with asyncio.timeout(5):
        await cancel_and_wait(task, None, again_after=0.05)
    assert task.cancelled() and lost == 1


async def test_an_error_a_task_ended_with_is_logged_not_raised(caplog):
    async def broken() -> None:
        raise RuntimeError("the broker went away")

    task = asyncio.create_task(broken(), name="broken-door")
    await asyncio.sleep(0)
    await cancel_and_wait(task)
    assert "broken-door ended with an error" in caplog.text
