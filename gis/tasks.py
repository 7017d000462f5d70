"""Stopping background tasks so that they really stop.

On Python 3.11 ``asyncio.wait_for`` returns its result instead of raising when a
cancellation lands just as the awaited future completes; the cancellation is lost. Every
loop that waits that way (our own queues, aiomqtt's publish and its QoS 1 acknowledgement)
can then run on, and a plain ``task.cancel(); await task`` waits for it for ever.
"""

from __future__ import annotations

import asyncio
import logging

log = logging.getLogger(__name__)


async def cancel_and_wait(*tasks: asyncio.Task | None, again_after: float = 0.5) -> None:
    """Cancel ``tasks`` and wait until every one has ended, cancelling again any still
    running after ``again_after`` seconds. An exception a task ended with is logged."""
    pending = {task for task in tasks if task is not None}
    for task in pending:
        task.cancel()
    ended = set(pending)
    while pending:
        _, pending = await asyncio.wait(pending, timeout=again_after)
        for task in pending:
            log.debug("task %s ignored its cancellation; cancelling it again", task.get_name())
            task.cancel()
    for task in ended:
        if not task.cancelled() and task.exception() is not None:
            log.error("task %s ended with an error", task.get_name(), exc_info=task.exception())
