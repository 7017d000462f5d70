"""The incident report's sentences about the release, the weather and what the zones rest on,
said from the analysis' facts in the words the map's incident panel says them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from gis.incidents.report_words import say, word

Number = Callable[[Any], str]
When = Callable[[Any], str]


def release_line(release: dict[str, Any], number: Number) -> str:
    """持续泄漏 48 kg/min，持续 10 分钟，释放高度 2 m，来自 T-101（企业）."""
    if release.get("kind") == "instantaneous":
        line = say("incident.report.release.instantaneous", kg=number(release.get("mass_kg")))
    else:
        rate = release.get("rate_g_s")
        line = say(
            "incident.report.release.continuous", rate=number(rate * 60 / 1000 if rate is not None else None)
        )
        if release.get("duration_s"):
            line += say("incident.report.release.duration", min=number(release["duration_s"] / 60))
    line += say("incident.report.release.height", m=number(release.get("height_m")))
    unit = release.get("storage_unit")
    if unit:
        line += say(
            "incident.report.release.unit",
            unit=unit.get("code", ""),
            enterprise=unit.get("enterprise_name") or "",
        )
    return line


def amount_basis(release: dict[str, Any], number: Number) -> str:
    """Where the released amount comes from: entered, or a storage unit's content."""
    source = release.get("amount_source")
    unit = release.get("storage_unit")
    if source == "entered" or (not source and release.get("amount_basis") == "entered"):
        return say("incident.amount.entered")
    if unit and source in ("worst_case", "whole_content"):
        return say(
            f"incident.amount.{source}",
            unit=unit.get("code", ""),
            t=number(unit.get("quantity_t")),
            min=number((release.get("duration_s") or 0) / 60),
        )
    return release.get("amount_basis", "")


def weather_line(weather: dict[str, Any], number: Number) -> str:
    return say(
        "incident.report.weather",
        speed=number(weather.get("wind_speed_m_s")),
        **{"from": number(weather.get("wind_from_deg"))},
        stability=weather.get("stability") or "—",
    )


def wind_basis(weather: dict[str, Any], when: When) -> str:
    """Whose wind: a met station's 10-minute mean (which one, up to when), or entered."""
    station = weather.get("station")
    if station:
        observed = station.get("observed_at")
        return say(
            "incident.wind.station",
            code=station.get("code") or station.get("name") or "",
            time=when(observed),
        )
    source = weather.get("wind_source")
    return word("incident.wind_source", source) if source else ""


def stability_basis(weather: dict[str, Any], number: Number) -> str:
    """How the stability class was chosen: entered, or read from the Pasquill table."""
    facts = weather.get("stability_facts")
    if not facts:
        return weather.get("stability_basis", "")
    if facts.get("method") == "entered":
        return say("incident.stability.entered")
    cloud = facts.get("cloud_oktas")
    insolation = facts.get("insolation")
    return say(
        "incident.stability.pasquill",
        period=say("incident.stability.day" if facts.get("daytime") else "incident.stability.night"),
        sun=number(facts.get("sun_elevation_deg")),
        cloud=say("incident.stability.cloud_unknown")
        if cloud is None
        else say("incident.stability.cloud", n=cloud),
        insolation=say(f"incident.stability.insolation.{insolation}") if insolation else "",
    )


def weather_basis(weather: dict[str, Any], number: Number, when: When) -> str:
    return " · ".join(filter(None, (wind_basis(weather, when), stability_basis(weather, number))))


def zone_basis(zone: dict[str, Any], release: dict[str, Any], chemical: dict[str, Any]) -> str:
    """What the isolation and protective-action distances rest on: the model's zones or an ERG row."""
    facts = zone.get("basis_facts") or {}
    if facts.get("source") == "model":
        return say(
            "incident.basis.model",
            release=say(f"incident.basis.{release.get('kind', 'continuous')}"),
            chemical=chemical.get("name_zh") or chemical.get("name_en") or "",
            isolation=word("incident.zone", facts.get("isolation")),
            protective=word("incident.zone", facts.get("protective")),
        )
    if facts.get("source") == "erg":
        return say(
            "incident.basis.erg",
            edition=facts.get("edition", ""),
            un=facts.get("un_number", ""),
            spill=say(f"incident.basis.spill.{facts.get('spill')}"),
            period=say(f"incident.basis.period.{facts.get('period')}"),
        )
    return zone.get("basis", "")


def endpoints_basis(chemical: dict[str, Any]) -> str:
    source = chemical.get("endpoints_source")
    if source in ("library", "entered", "ambient"):
        return say("incident.endpoints." + {"entered": "entered_all"}.get(source, source))
    return chemical.get("endpoints_basis", "")


def footer(incident_id: Any, generated_at: dt.datetime, when: When) -> str:
    return say("incident.report.footer", id=incident_id, time=when(generated_at))
