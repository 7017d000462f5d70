"""Weather for a release: the sun, Pasquill's table, and the live wind of the nearest met station."""

from __future__ import annotations

import datetime as dt

import asyncpg
import pytest

from gis.analysis.weather import WeatherSpec, hourly_wind, resolve_weather, solar_elevation_deg, stability_for
from gis.errors import InvalidInput, NotFound

LON, LAT = 105.07, 28.73
SOLAR_NOON_JUNE = dt.datetime(2024, 6, 21, 5, 0, tzinfo=dt.UTC)  # 105° E: noon is about 05:00 UTC
SOLAR_NOON_DECEMBER = dt.datetime(2024, 12, 21, 4, 52, tzinfo=dt.UTC)
MIDNIGHT = dt.datetime(2024, 6, 21, 17, 0, tzinfo=dt.UTC)


def test_the_sun_stands_where_the_almanac_puts_it():
    # at solar noon the elevation is 90° − |latitude − declination| (declination ±23.44° at the solstices)
    assert solar_elevation_deg(LON, LAT, SOLAR_NOON_JUNE) == pytest.approx(90 - (LAT - 23.44), abs=0.7)
    assert solar_elevation_deg(LON, LAT, SOLAR_NOON_DECEMBER) == pytest.approx(90 - (LAT + 23.44), abs=0.7)
    assert solar_elevation_deg(LON, LAT, MIDNIGHT) < -30
    with pytest.raises(InvalidInput):
        solar_elevation_deg(LON, LAT, dt.datetime(2024, 6, 21, 12))


@pytest.mark.parametrize(
    ("wind", "when", "oktas", "expected"),
    [
        (1.5, SOLAR_NOON_JUNE, 2, "A"),  # strong insolation, light wind
        (1.5, SOLAR_NOON_JUNE, 6, "A-B"),  # cloud takes strong down to moderate
        (4.0, SOLAR_NOON_DECEMBER, 0, "B-C"),  # sun at 38°: moderate
        (4.0, SOLAR_NOON_JUNE, 8, "D"),  # overcast
        (2.5, MIDNIGHT, 2, "F"),  # clear night
        (2.5, MIDNIGHT, 5, "E"),  # cloudy night
        (4.0, MIDNIGHT, None, "E"),  # unknown cloud at night: the clear column, the most stable
        (1.5, SOLAR_NOON_JUNE, None, "D"),  # unknown cloud by day: D, the most stable by day
        (7.0, MIDNIGHT, 0, "D"),
    ],
)
def test_stability_from_the_pasquill_table(wind, when, oktas, expected):
    choice = stability_for(wind, LON, LAT, when, oktas)
    assert choice.stability == expected
    assert choice.daytime == (when != MIDNIGHT)


@pytest.fixture
async def conn(database_url):
    connection = await asyncpg.connect(database_url)
    transaction = connection.transaction()
    await transaction.start()
    yield connection
    await transaction.rollback()
    await connection.close()


async def met_station(conn, code: str, lon: float, lat: float) -> int:
    return await conn.fetchval(
        "INSERT INTO stations (code, name_zh, name_en, kind, geom) "
        "VALUES ($1, $1, $1, 'met', ST_SetSRID(ST_MakePoint($2, $3), 4326)) RETURNING id",
        code,
        lon,
        lat,
    )


async def report(conn, station: int, at: dt.datetime, speed: float, direction: float) -> None:
    await conn.executemany(
        "INSERT INTO readings (station_id, parameter, ts, value) VALUES ($1, $2, $3, $4)",
        [(station, "wind_speed", at, speed), (station, "wind_dir", at, direction)],
    )


async def test_auto_weather_uses_the_nearest_station_that_reports(conn):
    now = dt.datetime(2024, 6, 21, 5, 0, tzinfo=dt.UTC)
    near = await met_station(conn, "W-NEAR", 118.001, 32.0)
    far = await met_station(conn, "W-FAR", 118.05, 32.0)
    for minute in range(10):
        # 350° and 10° average to north, not south
        await report(conn, far, now - dt.timedelta(minutes=minute), 4.0, 350.0 if minute % 2 else 10.0)
    resolved = await resolve_weather(conn, WeatherSpec(source="auto", at=now, cloud_oktas=0), 118.0, 32.0)
    assert resolved.station is not None and resolved.station.station_code == "W-FAR"  # the near one is silent
    assert resolved.weather.wind_speed_m_s == pytest.approx(4.0)
    assert min(resolved.weather.wind_from_deg, 360 - resolved.weather.wind_from_deg) == pytest.approx(
        0, abs=1e-6
    )
    assert resolved.weather.stability == "B"  # 4 m/s under a high clear sun (about 77°): strong insolation

    await report(conn, near, now, 2.0, 180.0)
    nearer = await resolve_weather(conn, WeatherSpec(source="auto", at=now, stability="F"), 118.0, 32.0)
    assert nearer.station.station_code == "W-NEAR" and nearer.weather.stability == "F"
    assert nearer.stability_basis == "entered"


async def test_calm_or_silent_stations_need_an_entered_wind(conn):
    now = dt.datetime(2024, 6, 21, 5, 0, tzinfo=dt.UTC)
    station = await met_station(conn, "W-CALM", 119.0, 33.0)
    await report(conn, station, now, 0.0, 0.0)
    with pytest.raises(NotFound, match="calm"):
        await resolve_weather(conn, WeatherSpec(source="auto", at=now), 119.0, 33.0)
    with pytest.raises(NotFound, match="silent"):
        await resolve_weather(conn, WeatherSpec(source="auto", at=now + dt.timedelta(hours=1)), 119.0, 33.0)
    entered = await resolve_weather(
        conn, WeatherSpec(source="auto", at=now, wind_speed_m_s=3.0, wind_from_deg=45.0), 119.0, 33.0
    )
    assert entered.station is None and entered.weather.wind_from_deg == 45.0 and entered.notes
    with pytest.raises(InvalidInput):
        await resolve_weather(conn, WeatherSpec(source="entered", wind_speed_m_s=3.0), 119.0, 33.0)


async def test_hourly_wind_is_the_vector_mean_of_each_hour(conn):
    start = dt.datetime(2024, 6, 21, 0, 0, tzinfo=dt.UTC)
    station = await met_station(conn, "W-HOURS", 120.0, 34.0)
    for minute in range(0, 120, 15):
        direction = 80.0 + (20.0 if minute % 30 else 0.0) if minute < 60 else 270.0
        await report(conn, station, start + dt.timedelta(minutes=minute), 2.0 + minute / 60, direction)
    found, hours = await hourly_wind(conn, 120.0, 34.0, start, start + dt.timedelta(hours=2))
    assert found["code"] == "W-HOURS"
    assert [h.start for h in hours] == [start, start + dt.timedelta(hours=1)]
    assert hours[0].wind_from_deg == pytest.approx(90.0, abs=1.0) and hours[0].samples == 4
    assert hours[1].wind_from_deg == pytest.approx(270.0) and hours[1].wind_speed_m_s == pytest.approx(3.375)
