"""The park's tables: SQLAlchemy 2 + GeoAlchemy2 models.

Canonical geometry is EPSG:4326 in ``geom``; every tiled table also stores
``geom_3857``, a generated Web-Mercator copy with its own GIST index, so a tile
query never transforms at request time.  Alembic migrations own the schema; these
models describe it for the loader, the importer and the tests.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from geoalchemy2 import Geography, Geometry
from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    CheckConstraint,
    Computed,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, TSTZRANGE, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSONB, list[str]: ARRAY(Text)}


def geom_column(kind: str) -> Mapped[Any]:
    return mapped_column(Geometry(kind, srid=4326, spatial_index=True), nullable=False)


def mercator_column(kind: str = "GEOMETRY") -> Mapped[Any]:
    return mapped_column(
        Geometry(kind, srid=3857, spatial_index=True),
        Computed("ST_Transform(geom, 3857)", persisted=True),
    )


def created_column() -> Mapped[dt.datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now(), nullable=False)


NETWORKS = ("rain", "sewage", "clean")
STATION_KINDS = ("air_boundary", "voc", "water_quality", "cems_outlet", "met")
HEALTH_CODES = ("green", "yellow", "orange", "red")


def in_check(column: str, values: tuple[str, ...], name: str) -> CheckConstraint:
    quoted = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=name)


class Park(Base):
    __tablename__ = "parks"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_zh: Mapped[str]
    name_en: Mapped[str]
    synthetic: Mapped[bool] = mapped_column(Boolean, server_default="false")
    geom = geom_column("MULTIPOLYGON")
    geom_3857 = mercator_column("MULTIPOLYGON")


class Zone(Base):
    """A functional zone of the park, including the 1 km river-shore control zone."""

    __tablename__ = "zones"
    id: Mapped[int] = mapped_column(primary_key=True)
    park_id: Mapped[int] = mapped_column(ForeignKey("parks.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    name_zh: Mapped[str]
    name_en: Mapped[str]
    geom = geom_column("MULTIPOLYGON")
    geom_3857 = mercator_column("MULTIPOLYGON")


class Enterprise(Base):
    __tablename__ = "enterprises"
    __table_args__ = (
        in_check("risk_level", ("general", "larger", "major"), "risk_level"),
        in_check("health_code", HEALTH_CODES, "health_code"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    park_id: Mapped[int] = mapped_column(ForeignKey("parks.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    credit_code: Mapped[str | None] = mapped_column(String(18), unique=True)
    name_zh: Mapped[str]
    name_en: Mapped[str]
    industry: Mapped[str] = mapped_column(String(40), index=True)
    risk_level: Mapped[str] = mapped_column(String(16), server_default="general")
    health_code: Mapped[str] = mapped_column(String(8), server_default="green")
    health_reason: Mapped[dict[str, Any]] = mapped_column(server_default="{}")
    employees: Mapped[int | None]
    contact: Mapped[str | None]
    phone: Mapped[str | None]
    geom = geom_column("MULTIPOLYGON")
    geom_3857 = mercator_column("MULTIPOLYGON")


class Chemical(Base):
    """A hazardous chemical; every value carries its source in ``sources``."""

    __tablename__ = "chemicals"
    id: Mapped[int] = mapped_column(primary_key=True)
    cas: Mapped[str] = mapped_column(String(16), unique=True)
    un_number: Mapped[str | None] = mapped_column(String(8))
    name_zh: Mapped[str]
    name_en: Mapped[str]
    hazard_class: Mapped[str | None] = mapped_column(String(40))
    molecular_weight: Mapped[float | None]
    gb18218_critical_t: Mapped[float | None]
    gb18218_beta: Mapped[float | None]
    aegl1_ppm: Mapped[float | None]
    aegl2_ppm: Mapped[float | None]
    aegl3_ppm: Mapped[float | None]
    sources: Mapped[dict[str, Any]] = mapped_column(server_default="{}")


class StorageUnit(Base):
    """A tank, warehouse or process unit holding a hazardous chemical (tonnes)."""

    __tablename__ = "storage_units"
    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    chemical_id: Mapped[int] = mapped_column(ForeignKey("chemicals.id"), index=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(24))
    quantity_t: Mapped[float]
    capacity_t: Mapped[float | None]
    geom = geom_column("POINT")
    geom_3857 = mercator_column("POINT")


class PipeNode(Base):
    """A manhole, junction, rain gate, valve, enterprise connection, plant inlet or outlet."""

    __tablename__ = "pipe_nodes"
    __table_args__ = (
        in_check("network", NETWORKS, "network"),
        in_check("state", ("open", "closed"), "state"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    network: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(24), index=True)
    enterprise_id: Mapped[int | None] = mapped_column(
        ForeignKey("enterprises.id", ondelete="SET NULL"), index=True
    )
    state: Mapped[str | None] = mapped_column(String(8))
    geom = geom_column("POINT")
    geom_3857 = mercator_column("POINT")


class Pipe(Base):
    """A pipe segment, drawn in flow direction from ``from_node`` to ``to_node``."""

    __tablename__ = "pipes"
    __table_args__ = (in_check("network", NETWORKS, "network"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    network: Mapped[str] = mapped_column(String(8), index=True)
    from_node: Mapped[int] = mapped_column(ForeignKey("pipe_nodes.id", ondelete="CASCADE"), index=True)
    to_node: Mapped[int] = mapped_column(ForeignKey("pipe_nodes.id", ondelete="CASCADE"), index=True)
    diameter_mm: Mapped[int]
    material: Mapped[str | None] = mapped_column(String(24))
    length_m: Mapped[float | None] = mapped_column(
        Float, Computed("ST_Length(geom::geography)", persisted=True)
    )
    geom = geom_column("LINESTRING")
    geom_3857 = mercator_column("LINESTRING")


class River(Base):
    __tablename__ = "rivers"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_zh: Mapped[str]
    name_en: Mapped[str]
    kind: Mapped[str] = mapped_column(String(16))
    geom = geom_column("GEOMETRY")
    geom_3857 = mercator_column("GEOMETRY")


class Outfall(Base):
    """A discharge point into a river, with its investigation and rectification state."""

    __tablename__ = "outfalls"
    __table_args__ = (in_check("kind", ("industrial", "municipal", "rain", "mixed"), "kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_zh: Mapped[str]
    name_en: Mapped[str]
    kind: Mapped[str] = mapped_column(String(16))
    receiving_water: Mapped[str]
    permit_no: Mapped[str | None]
    node_id: Mapped[int | None] = mapped_column(ForeignKey("pipe_nodes.id", ondelete="SET NULL"))
    investigation_status: Mapped[str] = mapped_column(String(24), server_default="traced")
    rectification_status: Mapped[str] = mapped_column(String(24), server_default="compliant")
    geom = geom_column("POINT")
    geom_3857 = mercator_column("POINT")


class Road(Base):
    __tablename__ = "roads"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_zh: Mapped[str]
    name_en: Mapped[str]
    kind: Mapped[str] = mapped_column(String(16))
    geom = geom_column("LINESTRING")
    geom_3857 = mercator_column("LINESTRING")


class Station(Base):
    __tablename__ = "stations"
    __table_args__ = (in_check("kind", STATION_KINDS, "kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    mn: Mapped[str | None] = mapped_column(String(24), unique=True)
    name_zh: Mapped[str]
    name_en: Mapped[str]
    kind: Mapped[str] = mapped_column(String(16), index=True)
    enterprise_id: Mapped[int | None] = mapped_column(
        ForeignKey("enterprises.id", ondelete="SET NULL"), index=True
    )
    parameters: Mapped[list[str]] = mapped_column(server_default="{}")
    last_seen: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    geom = geom_column("POINT")
    geom_3857 = mercator_column("POINT")


class RawMessage(Base):
    """What a device sent, verbatim, so every stored value can be traced back to it."""

    __tablename__ = "raw_messages"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    door: Mapped[str] = mapped_column(String(8))
    peer: Mapped[str | None]
    received_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), index=True
    )
    payload: Mapped[str] = mapped_column(Text)


class Reading(Base):
    """One value of one parameter at one station; partitioned by month (see migration)."""

    __tablename__ = "readings"
    __table_args__ = {"postgresql_partition_by": "RANGE (ts)"}
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id", ondelete="CASCADE"), primary_key=True)
    parameter: Mapped[str] = mapped_column(String(24), primary_key=True)
    ts: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), primary_key=True, index=True)
    value: Mapped[float | None]
    flag: Mapped[str] = mapped_column(String(1), server_default="N")
    raw_id: Mapped[int | None] = mapped_column(BigInteger)


class _Rollup:
    """Min/max/average of one parameter over a bucket, over values flagged N only.

    ``flagged`` counts the values left out (any other HJ 212 flag), so a chart can show
    that the bucket is not fully valid; ``avg`` is ``total / n``.
    """

    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id", ondelete="CASCADE"), primary_key=True)
    parameter: Mapped[str] = mapped_column(String(24), primary_key=True)
    bucket: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)
    flagged: Mapped[int] = mapped_column(Integer)
    total: Mapped[float]
    min: Mapped[float | None]
    max: Mapped[float | None]
    avg: Mapped[float | None] = mapped_column(Float, Computed("total / NULLIF(n, 0)", persisted=True))


# every batch rewrites the rollup rows it touches: half of each page is kept for their next versions
ROLLUP_TABLE_ARGS = {"postgresql_with": {"fillfactor": 50}}


class RollupHourly(_Rollup, Base):
    __tablename__ = "rollups_hourly"
    __table_args__ = ROLLUP_TABLE_ARGS


class RollupDaily(_Rollup, Base):
    """Daily rollups; a day is the park's local day (its midnight in the rollup time zone)."""

    __tablename__ = "rollups_daily"
    __table_args__ = ROLLUP_TABLE_ARGS


class DeviceSecret(Base):
    """The secret a station's device proves itself with at a door (the HJ 212 PW); only its hash."""

    __tablename__ = "device_secrets"
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id", ondelete="CASCADE"), primary_key=True)
    door: Mapped[str] = mapped_column(String(8), primary_key=True)
    secret_hash: Mapped[str]
    created_at: Mapped[dt.datetime] = created_column()
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class Alarm(Base):
    __tablename__ = "alarms"
    __table_args__ = (
        # one open alarm per station, parameter and rule: repeated exceedances never flood
        Index(
            "uq_alarms_open",
            "station_id",
            "parameter",
            "rule",
            unique=True,
            postgresql_where=text("status = 'open'"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id", ondelete="CASCADE"), index=True)
    parameter: Mapped[str | None] = mapped_column(String(24))
    rule: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str] = mapped_column(String(16), server_default="warning")
    status: Mapped[str] = mapped_column(String(16), server_default="open", index=True)
    value: Mapped[float | None]
    limit_value: Mapped[float | None]
    opened_at: Mapped[dt.datetime] = created_column()
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    detail: Mapped[dict[str, Any]] = mapped_column(server_default="{}")


class Ticket(Base):
    """An e-supervision ticket opened from an alarm, moving through its stages."""

    __tablename__ = "tickets"
    __table_args__ = (
        in_check(
            "state",
            ("pre_warning", "dispatched", "feedback", "review", "closed", "escalated"),
            "state",
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    alarm_id: Mapped[int | None] = mapped_column(ForeignKey("alarms.id", ondelete="SET NULL"), index=True)
    enterprise_id: Mapped[int | None] = mapped_column(
        ForeignKey("enterprises.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[str] = mapped_column(String(16), server_default="pre_warning")
    escalation_level: Mapped[int] = mapped_column(Integer, server_default="0")
    stage_deadline: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = created_column()
    updated_at: Mapped[dt.datetime] = created_column()
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class TicketEvent(Base):
    __tablename__ = "ticket_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = created_column()
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    from_state: Mapped[str | None] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[dict[str, Any]] = mapped_column(server_default="{}")


class AuditEvent(Base):
    """Append-only, hash-chained record: ``hash`` covers the event and ``prev_hash``."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    at: Mapped[dt.datetime] = created_column()
    actor: Mapped[str | None]
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None]
    payload: Mapped[dict[str, Any]] = mapped_column(server_default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class Resource(Base):
    """Emergency resource: fire station, material depot, shelter, hospital, school."""

    __tablename__ = "resources"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(24), index=True)
    name_zh: Mapped[str]
    name_en: Mapped[str]
    capacity: Mapped[int | None]
    contact: Mapped[str | None]
    materials: Mapped[dict[str, Any]] = mapped_column(server_default="{}")
    geom = geom_column("POINT")
    geom_3857 = mercator_column("POINT")


class PopulationPoint(Base):
    """People at a place (dormitory, village, office block) for impact and GB 18218 α."""

    __tablename__ = "population_points"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_zh: Mapped[str]
    name_en: Mapped[str]
    kind: Mapped[str] = mapped_column(String(24))
    people: Mapped[int]
    geom = geom_column("POINT")
    geom_3857 = mercator_column("POINT")


class MajorHazardUnit(Base):
    """One enterprise unit assessed by GB 18218-2018, drawn as the enterprise's plant.

    Derived, never edited: ``gis.analysis.major_hazard_units`` replaces every row from the
    storage units, chemicals and population points whenever they change. Grades run from
    1 (most severe) to 4; where a β is unsourced only the range ``grade_min``..``grade_max``
    (and ``r_min``..``r_max``) is known and ``grade`` is null unless both ends agree.
    """

    __tablename__ = "major_hazard_units"
    __table_args__ = (
        in_check("unit", ("production", "storage"), "unit"),
        UniqueConstraint("enterprise_id", "unit"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"))
    unit: Mapped[str] = mapped_column(String(12))
    enterprise_code: Mapped[str] = mapped_column(String(32))
    enterprise_zh: Mapped[str]
    enterprise_en: Mapped[str]
    name_zh: Mapped[str]
    name_en: Mapped[str]
    s: Mapped[float]
    is_major: Mapped[bool]
    people_within_500m: Mapped[int]
    alpha: Mapped[float | None]
    r: Mapped[float | None]
    r_min: Mapped[float | None]
    r_max: Mapped[float | None]
    r_label: Mapped[str | None]
    grade: Mapped[int | None] = mapped_column(SmallInteger)
    grade_min: Mapped[int | None] = mapped_column(SmallInteger)
    grade_max: Mapped[int | None] = mapped_column(SmallInteger)
    grade_range: Mapped[str | None]
    chemicals_zh: Mapped[str]
    chemicals_en: Mapped[str]
    assessed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    geom = geom_column("MULTIPOLYGON")
    geom_3857 = mercator_column("MULTIPOLYGON")


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        in_check(
            "role",
            ("admin", "manager", "responder", "inspector", "enterprise", "bureau", "screen"),
            "role",
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str]
    role: Mapped[str] = mapped_column(String(16))
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"))
    disabled: Mapped[bool] = mapped_column(Boolean, server_default="false")
    created_at: Mapped[dt.datetime] = created_column()


class LayerVersion(Base):
    """The version of a tiled table, bumped (and NOTIFYed) by triggers on every change."""

    __tablename__ = "layer_versions"
    table_name: Mapped[str] = mapped_column(Text, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)
    changed_at: Mapped[dt.datetime] = created_column()
    # a table computed from others (major_hazard_units): their versions it was computed from
    derived_from: Mapped[dict[str, Any] | None]


class AuthSession(Base):
    """One login; refresh tokens and access tokens name it, so logout revokes both."""

    __tablename__ = "auth_sessions"
    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = created_column()
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    client: Mapped[str | None]


class ApiKey(Base):
    """A device or integration key for the ingestion doors; only its hash is stored."""

    __tablename__ = "api_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    kind: Mapped[str] = mapped_column(String(16))
    prefix: Mapped[str] = mapped_column(String(12), unique=True)
    key_hash: Mapped[str]
    mqtt_hash: Mapped[str | None] = mapped_column(Text)
    station_ids: Mapped[list[int]] = mapped_column(ARRAY(Integer), server_default="{}")
    created_at: Mapped[dt.datetime] = created_column()
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class Inspection(Base):
    __tablename__ = "inspections"
    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int | None] = mapped_column(
        ForeignKey("enterprises.id", ondelete="CASCADE"), index=True
    )
    inspector_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[dt.datetime] = created_column()
    findings: Mapped[str] = mapped_column(Text)
    photos: Mapped[dict[str, Any]] = mapped_column(server_default="[]")
    geom = geom_column("POINT")
    geom_3857 = mercator_column("POINT")


class CarbonUnit(Base):
    """An activated-carbon adsorber of an enterprise."""

    __tablename__ = "carbon_units"
    __table_args__ = (
        in_check("inlet_source", ("declared", "measured"), "inlet_source"),
        CheckConstraint("removal_efficiency > 0 AND removal_efficiency <= 1", name="removal_efficiency"),
        CheckConstraint("hours_per_day > 0 AND hours_per_day <= 24", name="hours_per_day"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    carbon_type: Mapped[str] = mapped_column(String(24))
    fill_mass_kg: Mapped[float]
    design_capacity: Mapped[float]
    airflow_m3h: Mapped[float]
    inlet_voc_mgm3: Mapped[float]
    fill_date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), server_default="in_service")
    hours_per_day: Mapped[float] = mapped_column(Float, server_default="24")
    removal_efficiency: Mapped[float] = mapped_column(Float, server_default="0.9")
    inlet_source: Mapped[str] = mapped_column(String(8), server_default="declared")
    geom = geom_column("POINT")
    geom_3857 = mercator_column("POINT")


class CarbonEvent(Base):
    __tablename__ = "carbon_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("carbon_units.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    at: Mapped[dt.datetime] = created_column()
    detail: Mapped[dict[str, Any]] = mapped_column(server_default="{}")
    job_id: Mapped[int | None] = mapped_column(ForeignKey("carbon_jobs.id", ondelete="SET NULL"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class ProductionAudit(Base):
    """A cleaner-production audit: indicator values, score, level and dynamic code."""

    __tablename__ = "production_audits"
    __table_args__ = (UniqueConstraint("enterprise_id", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"))
    year: Mapped[int]
    indicators: Mapped[dict[str, Any]] = mapped_column(server_default="{}")
    score: Mapped[float | None]
    level: Mapped[str | None] = mapped_column(String(8))
    code: Mapped[str | None] = mapped_column(String(8))
    system_code: Mapped[str | None] = mapped_column(String(40))
    result: Mapped[dict[str, Any]] = mapped_column(server_default="{}")
    updated_at: Mapped[dt.datetime] = created_column()
    next_review: Mapped[dt.date | None] = mapped_column(Date)


class RasterScene(Base):
    __tablename__ = "raster_scenes"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)
    sensor: Mapped[str]
    acquired: Mapped[dt.date] = mapped_column(Date)
    bands: Mapped[dict[str, Any]] = mapped_column(server_default="{}")
    cloud_cover: Mapped[float | None]
    path: Mapped[str]
    synthetic: Mapped[bool] = mapped_column(Boolean, server_default="false")
    footprint: Mapped[Any] = mapped_column(Geometry("POLYGON", srid=4326, spatial_index=True))


TILED_TABLES = (
    "parks",
    "zones",
    "enterprises",
    "storage_units",
    "pipe_nodes",
    "pipes",
    "rivers",
    "outfalls",
    "roads",
    "stations",
    "resources",
    "population_points",
    "inspections",
    "carbon_units",
    "major_hazard_units",
)


STATION_CLASSES = ("air_boundary", "voc", "cems_outlet", "river", "wastewater_outlet")
MARK_KINDS = ("shutdown", "transition", "maintenance", "calibration", "fault")
AUDIENCES = ("enterprise", "township", "park", "district")


class Limit(Base):
    """A limit value from a standard or permit, for one station or for every station of a class."""

    __tablename__ = "limits"
    __table_args__ = (
        CheckConstraint("(station_id IS NULL) <> (applies_to IS NULL)", name="target"),
        in_check("applies_to", STATION_CLASSES, "applies_to"),
        in_check("averaging", ("instant", "1h", "24h"), "averaging"),
        in_check("bound", ("max", "min"), "bound"),
        UniqueConstraint(
            "station_id",
            "applies_to",
            "parameter",
            "averaging",
            "bound",
            name="uq_limits_target",
            postgresql_nulls_not_distinct=True,
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id", ondelete="CASCADE"), index=True)
    applies_to: Mapped[str | None] = mapped_column(String(24))
    parameter: Mapped[str] = mapped_column(String(24))
    averaging: Mapped[str] = mapped_column(String(8))
    bound: Mapped[str] = mapped_column(String(3), server_default="max")
    value: Mapped[float]
    unit: Mapped[str] = mapped_column(String(16))
    standard: Mapped[str] = mapped_column(String(60))
    clause: Mapped[str] = mapped_column(String(160))
    water_class: Mapped[str | None] = mapped_column(String(4))
    note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = created_column()


class LimitHistory(Base):
    """A version of a limit and the span it was in force (kept by a trigger on ``limits``)."""

    __tablename__ = "limit_history"
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    limit_id: Mapped[int] = mapped_column(index=True)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id", ondelete="CASCADE"), index=True)
    applies_to: Mapped[str | None] = mapped_column(String(24))
    parameter: Mapped[str] = mapped_column(String(24))
    averaging: Mapped[str] = mapped_column(String(8))
    bound: Mapped[str] = mapped_column(String(3))
    value: Mapped[float]
    unit: Mapped[str] = mapped_column(String(16))
    standard: Mapped[str] = mapped_column(String(60))
    clause: Mapped[str] = mapped_column(String(160))
    valid: Mapped[Any] = mapped_column(TSTZRANGE)


class LoadAllowance(Base):
    """An enterprise's annual total-load allowance for one pollutant (tonnes per year)."""

    __tablename__ = "load_allowances"
    __table_args__ = (UniqueConstraint("enterprise_id", "parameter", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"))
    parameter: Mapped[str] = mapped_column(String(24))
    year: Mapped[int]
    allowance_t: Mapped[float]
    permit_no: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[dt.datetime] = created_column()


class EmissionHour(Base):
    """One hour of one pollutant at one outlet: mean concentration × mean flow → load (kg)."""

    __tablename__ = "emission_hours"
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id", ondelete="CASCADE"), primary_key=True)
    parameter: Mapped[str] = mapped_column(String(24), primary_key=True)
    hour: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), primary_key=True)
    mean_value: Mapped[float]
    mean_flow: Mapped[float]
    load_kg: Mapped[float]
    samples: Mapped[int]


class DataMark(Base):
    """What an enterprise (or a device flag) says about a station's data over a time range."""

    __tablename__ = "data_marks"
    __table_args__ = (
        in_check("kind", MARK_KINDS, "kind"),
        in_check("source", ("enterprise", "device", "officer"), "source"),
        in_check("status", ("valid", "suspicious", "rejected", "withdrawn"), "status"),
        CheckConstraint("ends_at IS NULL OR ends_at > starts_at", name="range"),
        Index("ix_data_marks_station_time", "station_id", "starts_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id", ondelete="CASCADE"))
    parameter: Mapped[str | None] = mapped_column(String(24))
    kind: Mapped[str] = mapped_column(String(16))
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str] = mapped_column(Text)
    evidence: Mapped[dict[str, Any]] = mapped_column(server_default="[]")
    source: Mapped[str] = mapped_column(String(12), server_default="enterprise")
    device_flag: Mapped[str | None] = mapped_column(String(1))
    status: Mapped[str] = mapped_column(String(12), server_default="valid")
    suspicion: Mapped[dict[str, Any]] = mapped_column(server_default="{}")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = created_column()


class NotificationTarget(Base):
    """Where the notices for one audience go: a webhook URL or an e-mail address."""

    __tablename__ = "notification_targets"
    __table_args__ = (
        in_check("audience", AUDIENCES, "audience"),
        in_check("channel", ("webhook", "email"), "channel"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    audience: Mapped[str] = mapped_column(String(12))
    enterprise_id: Mapped[int | None] = mapped_column(
        ForeignKey("enterprises.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[str] = mapped_column(String(8))
    address: Mapped[str]
    secret: Mapped[str | None]
    active: Mapped[bool] = mapped_column(Boolean, server_default="true")
    created_at: Mapped[dt.datetime] = created_column()


class Notification(Base):
    """The outbox: one notice to one target, retried with backoff until sent or given up."""

    __tablename__ = "notifications"
    __table_args__ = (
        in_check("status", ("pending", "sent", "failed"), "status"),
        Index("ix_notifications_due", "status", "next_attempt_at"),
    )
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("notification_targets.id", ondelete="CASCADE"))
    event: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(server_default="{}")
    status: Mapped[str] = mapped_column(String(8), server_default="pending")
    attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    next_attempt_at: Mapped[dt.datetime] = created_column()
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = created_column()
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class CarbonJob(Base):
    """A carbon replacement: requested, scheduled, picked up, then regenerated and refilled."""

    __tablename__ = "carbon_jobs"
    __table_args__ = (
        in_check("state", ("requested", "scheduled", "picked_up", "closed", "cancelled"), "state"),
        # one replacement under way per adsorber
        Index(
            "uq_carbon_jobs_open",
            "unit_id",
            unique=True,
            postgresql_where=text("state NOT IN ('closed', 'cancelled')"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("carbon_units.id", ondelete="CASCADE"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(12), server_default="requested")
    reason: Mapped[str | None] = mapped_column(Text)
    requested_at: Mapped[dt.datetime] = created_column()
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    company: Mapped[str | None]
    scheduled_for: Mapped[dt.date | None] = mapped_column(Date)
    vehicle_plate: Mapped[str | None] = mapped_column(String(16))
    pickup_weight_kg: Mapped[float | None]
    picked_up_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    regenerated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    certificate_no: Mapped[str | None] = mapped_column(String(40))
    refilled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = created_column()


class OutfallTask(Base):
    """A rectification task of an outfall: problem, measure, deadline, evidence, acceptance."""

    __tablename__ = "outfall_tasks"
    __table_args__ = (in_check("status", ("open", "submitted", "accepted"), "status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    outfall_id: Mapped[int] = mapped_column(ForeignKey("outfalls.id", ondelete="CASCADE"), index=True)
    enterprise_id: Mapped[int | None] = mapped_column(
        ForeignKey("enterprises.id", ondelete="SET NULL"), index=True
    )
    problem: Mapped[str] = mapped_column(Text)
    measure: Mapped[str] = mapped_column(Text)
    deadline: Mapped[dt.date] = mapped_column(Date)
    responsible_unit: Mapped[str]
    status: Mapped[str] = mapped_column(String(12), server_default="open", index=True)
    evidence: Mapped[dict[str, Any]] = mapped_column(server_default="[]")
    created_at: Mapped[dt.datetime] = created_column()
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    accepted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    accepted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    review_note: Mapped[str | None] = mapped_column(Text)


class OutfallSample(Base):
    """A monitoring result at an outfall (manual sampling or a campaign), against its limit."""

    __tablename__ = "outfall_samples"
    id: Mapped[int] = mapped_column(primary_key=True)
    outfall_id: Mapped[int] = mapped_column(ForeignKey("outfalls.id", ondelete="CASCADE"), index=True)
    sampled_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    parameter: Mapped[str] = mapped_column(String(24))
    value: Mapped[float]
    unit: Mapped[str] = mapped_column(String(16))
    limit_value: Mapped[float | None]
    note: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class RainGateEvent(Base):
    """Every opening and closing of a rain gate, who did it and why."""

    __tablename__ = "rain_gate_events"
    __table_args__ = (in_check("state", ("open", "closed"), "state"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    node_id: Mapped[int] = mapped_column(ForeignKey("pipe_nodes.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(8))
    at: Mapped[dt.datetime] = created_column()
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str | None] = mapped_column(Text)


class MaterialStock(Base):
    """Emergency materials declared by a depot or an enterprise for sharing."""

    __tablename__ = "material_stocks"
    __table_args__ = (
        CheckConstraint("(resource_id IS NULL) <> (enterprise_id IS NULL)", name="holder"),
        CheckConstraint("quantity >= 0", name="quantity"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int | None] = mapped_column(
        ForeignKey("resources.id", ondelete="CASCADE"), index=True
    )
    enterprise_id: Mapped[int | None] = mapped_column(
        ForeignKey("enterprises.id", ondelete="CASCADE"), index=True
    )
    material_type: Mapped[str] = mapped_column(String(40), index=True)
    name_zh: Mapped[str]
    quantity: Mapped[float]
    unit: Mapped[str] = mapped_column(String(16))
    contact: Mapped[str | None]
    phone: Mapped[str | None] = mapped_column(String(32))
    updated_at: Mapped[dt.datetime] = created_column()
    geom = geom_column("POINT")
    # geography copy: nearest-first search (KNN <->) in metres on the spheroid, index-assisted
    geog: Mapped[Any] = mapped_column(
        Geography("POINT", srid=4326, spatial_index=True), Computed("(geom)::geography", persisted=True)
    )


class MaterialLoan(Base):
    """Lending of shared materials: requested → approved → handed over → returned."""

    __tablename__ = "material_loans"
    __table_args__ = (
        in_check(
            "state", ("requested", "approved", "handed_over", "returned", "rejected", "cancelled"), "state"
        ),
        CheckConstraint("quantity > 0", name="quantity"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    stock_id: Mapped[int] = mapped_column(ForeignKey("material_stocks.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(12), server_default="requested", index=True)
    quantity: Mapped[float]
    purpose: Mapped[str] = mapped_column(Text)
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    requester_enterprise_id: Mapped[int | None] = mapped_column(
        ForeignKey("enterprises.id", ondelete="CASCADE"), index=True
    )
    requested_at: Mapped[dt.datetime] = created_column()
    approved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    handed_over_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    returned_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    returned_quantity: Mapped[float | None]
    note: Mapped[str | None] = mapped_column(Text)


class FenceEvaluation(Base):
    """One hour of the VOC electronic fence: the wind, who was up- and downwind, the verdict."""

    __tablename__ = "fence_evaluations"
    hour: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), primary_key=True)
    evaluated_at: Mapped[dt.datetime] = created_column()
    status: Mapped[str] = mapped_column(String(12))
    wind_from_deg: Mapped[float | None]
    wind_speed_m_s: Mapped[float | None]
    result: Mapped[dict[str, Any]] = mapped_column(server_default="{}")


class Incident(Base):
    """An emergency as the responders recorded it: the release, the weather, what the analysis
    found, and the printable report made from it."""

    __tablename__ = "incidents"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    place: Mapped[str | None] = mapped_column(Text)
    chemical_id: Mapped[int | None] = mapped_column(ForeignKey("chemicals.id", ondelete="SET NULL"))
    storage_unit_id: Mapped[int | None] = mapped_column(ForeignKey("storage_units.id", ondelete="SET NULL"))
    release: Mapped[dict[str, Any]] = mapped_column(server_default="{}")
    weather: Mapped[dict[str, Any]] = mapped_column(server_default="{}")
    results: Mapped[dict[str, Any]] = mapped_column(server_default="{}")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = created_column()
    report_html: Mapped[str | None] = mapped_column(Text)
    report_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    geom = geom_column("POINT")
