"""The access log without secrets: tokens in query strings (tile URLs, the live socket) are
redacted before uvicorn writes a line."""

from __future__ import annotations

import logging
import re

SECRET_PARAMS = re.compile(r"((?:access_token|refresh_token|password)=)[^&\s]+", re.IGNORECASE)


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                SECRET_PARAMS.sub(r"\1[redacted]", a) if isinstance(a, str) else a for a in record.args
            )
        elif isinstance(record.msg, str):
            record.msg = SECRET_PARAMS.sub(r"\1[redacted]", record.msg)
        return True


def install() -> None:
    for name in ("uvicorn.access", "uvicorn.error"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSecrets) for f in logger.filters):
            logger.addFilter(RedactSecrets())
