"""The demo park's live sensors: every station reports believable values through the real doors.

CEMS outlets and water stations with an MN are data loggers speaking HJ 212 over
TCP: real-time data (2011) every ``hj212_interval`` s and hour data (2061) at each full
hour, each packet resent until answered.  The others (air, VOC, met) publish JSON over
MQTT (QoS 1) every ``interval`` s.  Scenes: daily cycles and noise everywhere, with rare
spikes; one VOC station whose instrument fails (flag D) for ten minutes of every even hour;
one CEMS plant starting up (high dust and NOx, falling off) after the simulator starts; a
VOC release every ``release_every`` minutes whose puff drifts with the met station's wind;
and about every ``excursion_every`` minutes one station running 1.3–2.5 times above one of
its limits for 40–75 min, long enough for the hourly mean to break it and open an alarm.
``exceed`` scripts such an excursion by hand, on a named station, for a demonstration or a
test of the whole supervision chain.

A data logger's PW comes from ``passwords`` (by MN); a station with no secret yet gets
the demo PW provisioned, so a freshly loaded demo park reports at once.  Given the doors'
station registry, ``start`` makes the PWs it provisioned known to the doors before any data
logger sends its first packet.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import aiomqtt
import asyncpg
import orjson

from api.ingest.hj212.encoder import data_packet
from api.ingest.hj212.frame import decode_frame
from api.ingest.hj212.pollutants import pollutants
from api.ingest.settings import IngestSettings
from api.ingest.simulated_values import DEFAULT_PARAMETERS, WATER, Release, Wind, metres, profile_for
from gis.readings.registry import StationRegistry, set_device_secret
from gis.supervision.limits import station_limits
from gis.tasks import cancel_and_wait

log = logging.getLogger(__name__)

DEMO_PASSWORD = "123456"
HJ212_KINDS = {"cems_outlet", "water_quality"}  # data loggers; the other stations publish over MQTT
STATIONS_SQL = Path(__file__).with_name("simulator_stations.sql")


@dataclass
class SimStation:
    id: int
    code: str
    kind: str
    mn: str | None
    parameters: tuple[str, ...]
    park_code: str
    x: float
    y: float
    hour_values: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    @property
    def data_logger(self) -> bool:
        return bool(self.mn) and self.kind in HJ212_KINDS

    @property
    def system_code(self) -> str:
        """HJ 212 table 5: 21 surface water quality, 31 air pollution source, 32 water pollution source."""
        if self.kind == "water_quality":
            return "21"
        return "32" if any(p in WATER for p in self.parameters) and "o2" not in self.parameters else "31"


@dataclass(frozen=True)
class Excursion:
    """A scripted exceedance: the station reports ``parameter`` at ``value`` until ``until``."""

    parameter: str
    value: float
    until: dt.datetime


@dataclass
class SimulatorStats:
    mqtt_messages: int = 0
    hj212_packets: int = 0
    hj212_resends: int = 0
    exceedances: int = 0


class Simulator:
    def __init__(
        self,
        settings: IngestSettings,
        pool: asyncpg.Pool,
        *,
        hj212_host: str = "127.0.0.1",
        hj212_port: int | None = None,
        interval: float = 10.0,
        hj212_interval: float = 30.0,
        release_every: float = 45.0,
        excursion_every: float = 240.0,
        passwords: Mapping[str, str] | None = None,
        seed: int | None = None,
    ):
        self.settings = settings
        self.pool = pool
        self.hj212_host = hj212_host
        self.hj212_port = hj212_port or settings.hj212_port
        self.interval = interval
        self.hj212_interval = hj212_interval
        self.release_every = dt.timedelta(minutes=release_every)
        self.excursion_every = dt.timedelta(minutes=excursion_every)
        self.passwords = {mn.upper(): pw for mn, pw in (passwords or {}).items()}
        self.rng = random.Random(seed)
        self.tz = ZoneInfo(settings.park_timezone)
        self.table = pollutants()
        self.stats = SimulatorStats()
        self.wind = Wind()
        self.stations: list[SimStation] = []
        self.started_at = dt.datetime.now(dt.UTC)
        self.release: Release | None = None
        self.excursions: dict[int, Excursion] = {}  # by station id
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self, registry: StationRegistry | None = None) -> None:
        await self._load()
        if registry is not None:
            await registry.refresh()
        self.started_at = dt.datetime.now(dt.UTC)
        self._tasks = [asyncio.create_task(self._weather(), name="sim-weather")]
        if any(not s.data_logger for s in self.stations):
            self._tasks.append(asyncio.create_task(self._mqtt_forever(), name="sim-mqtt"))
        for station in self.stations:
            if station.data_logger:
                self._tasks.append(
                    asyncio.create_task(self._logger_forever(station), name=f"sim-{station.code}")
                )
        log.info("simulator: %d stations (%d HJ 212 data loggers)", len(self.stations),
                 sum(1 for s in self.stations if s.data_logger))  # fmt: skip

    async def stop(self) -> None:
        await cancel_and_wait(*self._tasks)
        self._tasks = []

    async def _load(self) -> None:
        async with self.pool.acquire() as conn:
            rows = await conn.fetch(STATIONS_SQL.read_text())
        if not rows:
            log.warning("simulator: the park has no station")
            return
        origin = (min(r["lon"] for r in rows), min(r["lat"] for r in rows))
        self.stations = []
        unprovisioned = []
        for r in rows:
            parameters = tuple(r["parameters"] or ()) or DEFAULT_PARAMETERS.get(r["kind"], ())
            x, y = metres(r["lon"], r["lat"], origin)
            self.stations.append(
                SimStation(r["id"], r["code"], r["kind"], r["mn"], parameters, r["park_code"] or "", x, y)
            )
            if (
                r["kind"] in HJ212_KINDS
                and r["mn"]
                and not r["has_secret"]
                and r["mn"].upper() not in self.passwords
            ):
                unprovisioned.append(r["id"])
        # demo provisioning: a data logger needs a PW the door accepts
        await asyncio.gather(*(set_device_secret(self.pool, id_, DEMO_PASSWORD) for id_ in unprovisioned))

    async def exceed(
        self, station_code: str, parameter: str, *, times: float = 3.0, minutes: float = 10.0
    ) -> float:
        """Make a station exceed: for ``minutes`` its reports carry ``parameter`` at ``times`` the
        lowest upper limit it is judged by, through its own door; returns the value it reports."""
        station = next((s for s in self.stations if s.code == station_code), None)
        if station is None or parameter not in station.parameters:
            raise ValueError(f"the simulator plays no station {station_code} measuring {parameter}")
        async with self.pool.acquire() as conn:
            limits = await station_limits(conn, [station.id])
        ceilings = [limit.value for limit in limits.get((station.id, parameter), ()) if limit.bound == "max"]
        if not ceilings:
            raise ValueError(f"{station_code} has no upper limit for {parameter}")
        value = round(min(ceilings) * times, 4)
        until = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=minutes)
        self.excursions[station.id] = Excursion(parameter, value, until)
        log.info("simulator: %s reports %s at %s until %s", station_code, parameter, value, until)
        return value

    async def _random_excursion(self) -> None:
        """One station exceeds a limit long enough for its hourly mean to break it too."""
        async with self.pool.acquire() as conn:
            limits = await station_limits(conn, [s.id for s in self.stations])
        choices = [
            (station, parameter)
            for station in self.stations
            for parameter in station.parameters
            if any(limit.bound == "max" for limit in limits.get((station.id, parameter), ()))
        ]
        if not choices:
            return
        station, parameter = self.rng.choice(choices)
        await self.exceed(
            station.code, parameter, times=self.rng.uniform(1.3, 2.5), minutes=self.rng.uniform(40, 75)
        )

    # -- the scene ------------------------------------------------------------------

    def _values(
        self, station: SimStation, now: dt.datetime
    ) -> tuple[dict[str, float | None], dict[str, str]]:
        local = now.astimezone(self.tz)
        hour = local.hour + local.minute / 60
        values: dict[str, float | None] = {}
        flags: dict[str, str] = {}
        for parameter in station.parameters:
            if parameter == "wind_speed":
                values[parameter] = self.wind.speed
                continue
            if parameter == "wind_dir":
                values[parameter] = round(self.wind.direction)
                continue
            value = profile_for(station.kind, parameter).value(hour, self.rng)
            if self.release and self.release.active(now):
                value = round(
                    value + self.release.concentration(now, self.wind, station.x, station.y, parameter), 4
                )
            if station.kind == "cems_outlet" and station is self._starting_up:
                value = self._startup(parameter, value, now)
            if self.rng.random() < 0.002 and parameter not in (
                "ph",
                "o2",
                "wind_dir",
                "air_temp",
                "pressure",
            ):
                value = round(value * self.rng.uniform(2.5, 4.0), 4)
                self.stats.exceedances += 1
            excursion = self.excursions.get(station.id)
            if excursion and excursion.parameter == parameter and now < excursion.until:
                value = excursion.value
            values[parameter] = value
        if station is self._faulty and local.hour % 2 == 0 and 20 <= local.minute < 30:
            for parameter in values:
                values[parameter] = None
                flags[parameter] = "D"
        return values, flags

    @property
    def _faulty(self) -> SimStation | None:
        return next((s for s in self.stations if s.kind == "voc"), None)

    @property
    def _starting_up(self) -> SimStation | None:
        """A combustion outlet (it measures dust or NOx) whose plant starts up with the simulator."""
        burning = {"smoke_dust", "nox"}
        return next(
            (s for s in self.stations if s.kind == "cems_outlet" and burning & set(s.parameters)), None
        )

    @property
    def _release_source(self) -> SimStation | None:
        """Where the VOC releases happen: an outlet of a plant handling organics."""
        outlets = [s for s in self.stations if s.kind == "cems_outlet"]
        return next((s for s in outlets if "nmhc" in s.parameters), outlets[0] if outlets else None)

    def _startup(self, parameter: str, value: float, now: dt.datetime) -> float:
        """The first 30 minutes: dust and NOx several times normal, falling off; O2 high."""
        minutes = (now - self.started_at).total_seconds() / 60
        if minutes >= 30:
            return value
        excess = 1 - minutes / 30
        if parameter in ("smoke_dust", "nox", "co"):
            return round(value * (1 + 4 * excess), 3)
        if parameter == "o2":
            return round(min(value + 8 * excess, 20.9), 1)
        return value

    async def _weather(self) -> None:
        """The wind drifts; every ``release_every`` a release starts near a CEMS outlet; about
        every ``excursion_every`` a station somewhere runs above one of its limits for a while."""
        next_release = self.started_at + dt.timedelta(minutes=3)
        next_excursion = self.started_at + min(dt.timedelta(minutes=10), self.excursion_every)
        while True:
            now = dt.datetime.now(dt.UTC)
            self.wind.drift(now.astimezone(self.tz).hour, self.rng)
            if now >= next_excursion:
                await self._random_excursion()
                next_excursion = now + self.excursion_every * self.rng.uniform(0.5, 1.5)
            if now >= next_release:
                source = self._release_source or (self.stations[0] if self.stations else None)
                if source is not None:
                    self.release = Release(
                        source.x + self.rng.uniform(-80, 80), source.y + self.rng.uniform(-80, 80), now
                    )
                    log.info("simulator: VOC release near %s, wind from %.0f° at %.1f m/s",
                             source.code, self.wind.direction, self.wind.speed)  # fmt: skip
                next_release = now + self.release_every
            await asyncio.sleep(min(self.interval, 10.0))

    # -- MQTT devices ------------------------------------------------------------------

    async def _mqtt_forever(self) -> None:
        stations = [s for s in self.stations if not s.data_logger]
        while True:
            try:
                async with aiomqtt.Client(
                    self.settings.mqtt_host, self.settings.mqtt_port, identifier="parkmap-simulator",
                    username=self.settings.mqtt_username, password=self.settings.mqtt_password,
                ) as client:  # fmt: skip
                    while True:
                        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
                        for station in stations:
                            values, flags = self._values(station, now)
                            body = {"ts": now.isoformat(), "values": values}
                            if flags:
                                body["flags"] = flags
                            topic = f"park/{station.park_code}/stations/{station.code}/readings"
                            await client.publish(topic, orjson.dumps(body), qos=1)
                            self.stats.mqtt_messages += 1
                        await asyncio.sleep(self.interval)
            except aiomqtt.MqttError as exc:
                log.warning("simulator: MQTT broker unreachable (%s); retrying", exc)
                await asyncio.sleep(5)

    # -- HJ 212 data loggers -----------------------------------------------------------

    def _password(self, station: SimStation) -> str:
        return self.passwords.get((station.mn or "").upper(), DEMO_PASSWORD)

    async def _logger_forever(self, station: SimStation) -> None:
        codes = {p: self.table.code_of(p) for p in station.parameters}
        codes = {p: c for p, c in codes.items() if c}
        hour = None
        while True:
            try:
                reader, writer = await asyncio.open_connection(self.hj212_host, self.hj212_port)
            except OSError as exc:
                log.warning("simulator: HJ 212 door unreachable for %s (%s)", station.code, exc)
                await asyncio.sleep(5)
                continue
            try:
                while True:
                    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
                    local = now.astimezone(self.tz).replace(tzinfo=None)
                    values, flags = self._values(station, now)
                    current_hour = local.replace(minute=0, second=0)
                    if hour is not None and current_hour != hour:
                        await self._send(reader, writer, self._hour_packet(station, codes, hour))
                    hour = current_hour
                    for parameter, value in values.items():
                        if value is not None:
                            station.hour_values[parameter].append(value)
                    fields = {
                        code: {"Rtd": "" if values.get(p) is None else values[p], "Flag": flags.get(p, "N")}
                        for p, code in codes.items()
                    }
                    frame = data_packet(mn=station.mn or "", pw=self._password(station), st=station.system_code,
                                        cn="2011", at=local, values=fields)  # fmt: skip
                    await self._send(reader, writer, frame)
                    await asyncio.sleep(self.hj212_interval)
            except (OSError, asyncio.IncompleteReadError) as exc:
                log.warning("simulator: HJ 212 connection of %s lost (%s); reconnecting", station.code, exc)
                writer.close()
                await asyncio.sleep(2)

    def _hour_packet(self, station: SimStation, codes: dict[str, str], hour: dt.datetime) -> bytes:
        fields = {}
        for parameter, code in codes.items():
            seen = station.hour_values.get(parameter) or []
            if seen:
                fields[code] = {"Avg": sum(seen) / len(seen), "Min": min(seen), "Max": max(seen), "Flag": "N"}
        station.hour_values.clear()
        return data_packet(mn=station.mn or "", pw=self._password(station), st=station.system_code,
                           cn="2061", at=hour, values=fields)  # fmt: skip

    async def _send(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, frame: bytes) -> None:
        """Send until answered (HJ 212: wait, resend), as a data logger does."""
        qn = decode_frame(frame.rstrip()).packet.qn
        while True:
            writer.write(frame)
            await writer.drain()
            self.stats.hj212_packets += 1
            try:
                async with asyncio.timeout(10):
                    while True:
                        line = await reader.readline()
                        if not line:
                            raise ConnectionResetError("the door closed the connection")
                        if decode_frame(line.rstrip()).packet.qn == qn:
                            return
            except TimeoutError:
                self.stats.hj212_resends += 1
