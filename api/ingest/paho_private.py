"""The paho-mqtt version whose private code the MQTT door leans on.

Three things paho does per message cost the gateway most of its MQTT CPU, and paho offers no
public way around them: the v5 properties it rebuilds (``mqtt_properties``), one PUBACK write
per delivery (``pubacks``) and one packet read per wake-up (``mqtt_reads``).  Each reaches into
paho's internals, so each does so only on the version it was written against (the one
``requirements.txt`` pins); on any other, paho is left to work as it does.
"""

from __future__ import annotations

import logging

import paho.mqtt

log = logging.getLogger(__name__)

PAHO_VERSION = "2.2.0"


def written_against(otherwise: str) -> bool:
    """Whether the installed paho is :data:`PAHO_VERSION`; if not, log ``otherwise`` (what
    paho will do instead)."""
    if paho.mqtt.__version__ == PAHO_VERSION:
        return True
    log.info("paho-mqtt %s: %s", paho.mqtt.__version__, otherwise)
    return False
