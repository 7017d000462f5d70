"""park schema: every table of the park, Web-Mercator copies, monthly readings partitions

Revision ID: 0001
Revises:
Create Date: 2026-11-25 10:35:00.072123
"""

from pathlib import Path

from alembic import op
import sqlalchemy as sa
import geoalchemy2
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


HERE = Path(__file__).resolve().parent


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("prefix", sa.String(length=12), nullable=False),
        sa.Column("key_hash", sa.String(), nullable=False),
        sa.Column("station_ids", sa.ARRAY(sa.Integer()), server_default="{}", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
        sa.UniqueConstraint("prefix", name=op.f("uq_api_keys_prefix")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("actor", sa.String(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(), nullable=True),
        sa.Column("payload", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_log_hash")),
    )
    op.create_table(
        "chemicals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cas", sa.String(length=16), nullable=False),
        sa.Column("un_number", sa.String(length=8), nullable=True),
        sa.Column("name_zh", sa.String(), nullable=False),
        sa.Column("name_en", sa.String(), nullable=False),
        sa.Column("hazard_class", sa.String(length=40), nullable=True),
        sa.Column("molecular_weight", sa.Double(), nullable=True),
        sa.Column("gb18218_critical_t", sa.Double(), nullable=True),
        sa.Column("gb18218_beta", sa.Double(), nullable=True),
        sa.Column("aegl1_ppm", sa.Double(), nullable=True),
        sa.Column("aegl2_ppm", sa.Double(), nullable=True),
        sa.Column("aegl3_ppm", sa.Double(), nullable=True),
        sa.Column("sources", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chemicals")),
        sa.UniqueConstraint("cas", name=op.f("uq_chemicals_cas")),
    )
    op.create_table(
        "parks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name_zh", sa.String(), nullable=False),
        sa.Column("name_en", sa.String(), nullable=False),
        sa.Column("synthetic", sa.Boolean(), server_default="false", nullable=False),
        sa.Column(
            "geom",
            geoalchemy2.types.Geometry(
                geometry_type="MULTIPOLYGON",
                srid=4326,
                dimension=2,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                spatial_index=False,
                nullable=False,
            ),
            nullable=False,
        ),
        sa.Column(
            "geom_3857",
            geoalchemy2.types.Geometry(
                geometry_type="MULTIPOLYGON",
                srid=3857,
                dimension=2,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                spatial_index=False,
            ),
            sa.Computed("ST_Transform(geom, 3857)", persisted=True),
            nullable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parks")),
        sa.UniqueConstraint("code", name=op.f("uq_parks_code")),
    )
    op.create_index("idx_parks_geom", "parks", ["geom"], unique=False, postgresql_using="gist")
    op.create_index("idx_parks_geom_3857", "parks", ["geom_3857"], unique=False, postgresql_using="gist")
    op.create_table(
        "population_points",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name_zh", sa.String(), nullable=False),
        sa.Column("name_en", sa.String(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column(
            "geom",
            geoalchemy2.types.Geometry(
                geometry_type="POINT",
                srid=4326,
                dimension=2,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                spatial_index=False,
                nullable=False,
            ),
            nullable=False,
        ),
        sa.Column(
            "geom_3857",
            geoalchemy2.types.Geometry(
                geometry_type="POINT",
                srid=3857,
                dimension=2,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                spatial_index=False,
            ),
            sa.Computed("ST_Transform(geom, 3857)", persisted=True),
            nullable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_population_points")),
        sa.UniqueConstraint("code", name=op.f("uq_population_points_code")),
    )
    op.create_index(
        "idx_population_points_geom", "population_points", ["geom"], unique=False, postgresql_using="gist"
    )
    op.create_index(
        "idx_population_points_geom_3857",
        "population_points",
        ["geom_3857"],
        unique=False,
        postgresql_using="gist",
    )
    op.create_table(
        "raster_scenes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("sensor", sa.String(), nullable=False),
        sa.Column("acquired", sa.Date(), nullable=False),
        sa.Column("bands", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False),
        sa.Column("cloud_cover", sa.Double(), nullable=True),
        sa.Column("path", sa.String(), nullable=False),
        sa.Column("synthetic", sa.Boolean(), server_default="false", nullable=False),
        sa.Column(
            "footprint",
            geoalchemy2.types.Geometry(
                geometry_type="POLYGON",
                srid=4326,
                dimension=2,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                spatial_index=False,
                nullable=False,
            ),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_raster_scenes")),
        sa.UniqueConstraint("name", name=op.f("uq_raster_scenes_name")),
    )
    op.create_index(
        "idx_raster_scenes_footprint", "raster_scenes", ["footprint"], unique=False, postgresql_using="gist"
    )
    op.create_table(
        "raw_messages",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("door", sa.String(length=8), nullable=False),
        sa.Column("peer", sa.String(), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_raw_messages")),
    )
    op.create_table(
        "resources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("name_zh", sa.String(), nullable=False),
        sa.Column("name_en", sa.String(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("contact", sa.String(), nullable=True),
        sa.Column("materials", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False),
        sa.Column(
            "geom",
            geoalchemy2.types.Geometry(
                geometry_type="POINT",
                srid=4326,
                dimension=2,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                spatial_index=False,
                nullable=False,
            ),
            nullable=False,
        ),
        sa.Column(
            "geom_3857",
            geoalchemy2.types.Geometry(
                geometry_type="POINT",
                srid=3857,
                dimension=2,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                spatial_index=False,
            ),
            sa.Computed("ST_Transform(geom, 3857)", persisted=True),
            nullable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resources")),
        sa.UniqueConstraint("code", name=op.f("uq_resources_code")),
    )
    op.create_index("idx_resources_geom", "resources", ["geom"], unique=False, postgresql_using="gist")
    op.create_index(
        "idx_resources_geom_3857", "resources", ["geom_3857"], unique=False, postgresql_using="gist"
    )
    op.create_index(op.f("ix_resources_kind"), "resources", ["kind"], unique=False)
    op.create_table(
        "rivers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name_zh", sa.String(), nullable=False),
        sa.Column("name_en", sa.String(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column(
            "geom",
            geoalchemy2.types.Geometry(
                srid=4326,
                dimension=2,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                spatial_index=False,
                nullable=False,
            ),
            nullable=False,
        ),
        sa.Column(
            "geom_3857",
            geoalchemy2.types.Geometry(
                srid=3857, dimension=2, from_text="ST_GeomFromEWKT", name="geometry", spatial_index=False
            ),
            sa.Computed("ST_Transform(geom, 3857)", persisted=True),
            nullable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rivers")),
        sa.UniqueConstraint("code", name=op.f("uq_rivers_code")),
    )
    op.create_index("idx_rivers_geom", "rivers", ["geom"], unique=False, postgresql_using="gist")
    op.create_index("idx_rivers_geom_3857", "rivers", ["geom_3857"], unique=False, postgresql_using="gist")
    op.create_table(
        "roads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name_zh", sa.String(), nullable=False),
        sa.Column("name_en", sa.String(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column(
            "geom",
            geoalchemy2.types.Geometry(
                geometry_type="LINESTRING",
                srid=4326,
                dimension=2,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                spatial_index=False,
                nullable=False,
            ),
            nullable=False,
        ),
        sa.Column(
            "geom_3857",
            geoalchemy2.types.Geometry(
                geometry_type="LINESTRING",
                srid=3857,
                dimension=2,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                spatial_index=False,
            ),
            sa.Computed("ST_Transform(geom, 3857)", persisted=True),
            nullable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roads")),
        sa.UniqueConstraint("code", name=op.f("uq_roads_code")),
    )
    op.create_index("idx_roads_geom", "roads", ["geom"], unique=False, postgresql_using="gist")
    op.create_index("idx_roads_geom_3857", "roads", ["geom_3857"], unique=False, postgresql_using="gist")
    op.create_table(
        "enterprises",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("park_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("credit_code", sa.String(length=18), nullable=True),
        sa.Column("name_zh", sa.String(), nullable=False),
        sa.Column("name_en", sa.String(), nullable=False),
        sa.Column("industry", sa.String(length=40), nullable=False),
        sa.Column("risk_level", sa.String(length=16), server_default="general", nullable=False),
        sa.Column("health_code", sa.String(length=8), server_default="green", nullable=False),
        sa.Column(
            "health_reason", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False
        ),
        sa.Column(
            "geom",
            geoalchemy2.types.Geometry(
                geometry_type="MULTIPOLYGON",
                srid=4326,
                dimension=2,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                spatial_index=False,
                nullable=False,
            ),
            nullable=False,
        ),
        sa.Column(
            "geom_3857",
            geoalchemy2.types.Geometry(
                geometry_type="MULTIPOLYGON",
                srid=3857,
                dimension=2,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                spatial_index=False,
            ),
            sa.Computed("ST_Transform(geom, 3857)", persisted=True),
            nullable=True,
        ),
        sa.Column("employees", sa.Integer(), nullable=True),
        sa.Column("contact", sa.String(), nullable=True),
        sa.Column("phone", sa.String(), nullable=True),
        sa.CheckConstraint(
            "health_code IN ('green', 'yellow', 'orange', 'red')", name=op.f("ck_enterprises_health_code")
        ),
        sa.CheckConstraint(
            "risk_level IN ('general', 'larger', 'major')", name=op.f("ck_enterprises_risk_level")
        ),
        sa.ForeignKeyConstraint(
            ["park_id"], ["parks.id"], name=op.f("fk_enterprises_park_id_parks"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enterprises")),
        sa.UniqueConstraint("code", name=op.f("uq_enterprises_code")),
        sa.UniqueConstraint("credit_code", name=op.f("uq_enterprises_credit_code")),
    )
    op.create_index("idx_enterprises_geom", "enterprises", ["geom"], unique=False, postgresql_using="gist")
    op.create_index(
        "idx_enterprises_geom_3857", "enterprises", ["geom_3857"], unique=False, postgresql_using="gist"
    )
    op.create_index(op.f("ix_enterprises_industry"), "enterprises", ["industry"], unique=False)
    op.create_index(op.f("ix_enterprises_park_id"), "enterprises", ["park_id"], unique=False)
    op.create_table(
        "zones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("park_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column(
            "geom",
            geoalchemy2.types.Geometry(
                geometry_type="MULTIPOLYGON",
                srid=4326,
                dimension=2,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                spatial_index=False,
                nullable=False,
            ),
            nullable=False,
        ),
        sa.Column(
            "geom_3857",
            geoalchemy2.types.Geometry(
                geometry_type="MULTIPOLYGON",
                srid=3857,
                dimension=2,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                spatial_index=False,
            ),
            sa.Computed("ST_Transform(geom, 3857)", persisted=True),
            nullable=True,
        ),
        sa.Column("name_zh", sa.String(), nullable=False),
        sa.Column("name_en", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["park_id"], ["parks.id"], name=op.f("fk_zones_park_id_parks"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_zones")),
        sa.UniqueConstraint("code", name=op.f("uq_zones_code")),
    )
    op.create_index("idx_zones_geom", "zones", ["geom"], unique=False, postgresql_using="gist")
    op.create_index("idx_zones_geom_3857", "zones", ["geom_3857"], unique=False, postgresql_using="gist")
    op.create_index(op.f("ix_zones_park_id"), "zones", ["park_id"], unique=False)
    op.create_table(
        "carbon_units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("carbon_type", sa.String(length=24), nullable=False),
        sa.Column("fill_mass_kg", sa.Double(), nullable=False),
        sa.Column("design_capacity", sa.Double(), nullable=False),
        sa.Column("airflow_m3h", sa.Double(), nullable=False),
        sa.Column("inlet_voc_mgm3", sa.Double(), nullable=False),
        sa.Column("fill_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="in_service", nullable=False),
        sa.Column(
            "geom",
            geoalchemy2.types.Geometry(
                geometry_type="POINT",
                srid=4326,
                dimension=2,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                spatial_index=False,
                nullable=False,
            ),
            nullable=False,
        ),
        sa.Column(
            "geom_3857",
            geoalchemy2.types.Geometry(
                geometry_type="POINT",
                srid=3857,
                dimension=2,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                spatial_index=False,
            ),
            sa.Computed("ST_Transform(geom, 3857)", persisted=True),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_carbon_units_enterprise_id_enterprises"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_carbon_units")),
        sa.UniqueConstraint("code", name=op.f("uq_carbon_units_code")),
    )
    op.create_index("idx_carbon_units_geom", "carbon_units", ["geom"], unique=False, postgresql_using="gist")
    op.create_index(
        "idx_carbon_units_geom_3857", "carbon_units", ["geom_3857"], unique=False, postgresql_using="gist"
    )
    op.create_index(op.f("ix_carbon_units_enterprise_id"), "carbon_units", ["enterprise_id"], unique=False)
    op.create_table(
        "pipe_nodes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("network", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=8), nullable=True),
        sa.Column(
            "geom",
            geoalchemy2.types.Geometry(
                geometry_type="POINT",
                srid=4326,
                dimension=2,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                spatial_index=False,
                nullable=False,
            ),
            nullable=False,
        ),
        sa.Column(
            "geom_3857",
            geoalchemy2.types.Geometry(
                geometry_type="POINT",
                srid=3857,
                dimension=2,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                spatial_index=False,
            ),
            sa.Computed("ST_Transform(geom, 3857)", persisted=True),
            nullable=True,
        ),
        sa.CheckConstraint("network IN ('rain', 'sewage', 'clean')", name=op.f("ck_pipe_nodes_network")),
        sa.CheckConstraint("state IN ('open', 'closed')", name=op.f("ck_pipe_nodes_state")),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_pipe_nodes_enterprise_id_enterprises"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pipe_nodes")),
        sa.UniqueConstraint("code", name=op.f("uq_pipe_nodes_code")),
    )
    op.create_index("idx_pipe_nodes_geom", "pipe_nodes", ["geom"], unique=False, postgresql_using="gist")
    op.create_index(
        "idx_pipe_nodes_geom_3857", "pipe_nodes", ["geom_3857"], unique=False, postgresql_using="gist"
    )
    op.create_index(op.f("ix_pipe_nodes_enterprise_id"), "pipe_nodes", ["enterprise_id"], unique=False)
    op.create_index(op.f("ix_pipe_nodes_kind"), "pipe_nodes", ["kind"], unique=False)
    op.create_table(
        "production_audits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("indicators", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False),
        sa.Column("score", sa.Double(), nullable=True),
        sa.Column("level", sa.String(length=8), nullable=True),
        sa.Column("code", sa.String(length=8), nullable=True),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_production_audits_enterprise_id_enterprises"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_production_audits")),
        sa.UniqueConstraint("enterprise_id", "year", name=op.f("uq_production_audits_enterprise_id")),
    )
    op.create_table(
        "stations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("mn", sa.String(length=24), nullable=True),
        sa.Column("name_zh", sa.String(), nullable=False),
        sa.Column("name_en", sa.String(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=True),
        sa.Column("parameters", sa.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "geom",
            geoalchemy2.types.Geometry(
                geometry_type="POINT",
                srid=4326,
                dimension=2,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                spatial_index=False,
                nullable=False,
            ),
            nullable=False,
        ),
        sa.Column(
            "geom_3857",
            geoalchemy2.types.Geometry(
                geometry_type="POINT",
                srid=3857,
                dimension=2,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                spatial_index=False,
            ),
            sa.Computed("ST_Transform(geom, 3857)", persisted=True),
            nullable=True,
        ),
        sa.CheckConstraint(
            "kind IN ('air_boundary', 'voc', 'water_quality', 'cems_outlet', 'met')",
            name=op.f("ck_stations_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_stations_enterprise_id_enterprises"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stations")),
        sa.UniqueConstraint("code", name=op.f("uq_stations_code")),
        sa.UniqueConstraint("mn", name=op.f("uq_stations_mn")),
    )
    op.create_index("idx_stations_geom", "stations", ["geom"], unique=False, postgresql_using="gist")
    op.create_index(
        "idx_stations_geom_3857", "stations", ["geom_3857"], unique=False, postgresql_using="gist"
    )
    op.create_index(op.f("ix_stations_enterprise_id"), "stations", ["enterprise_id"], unique=False)
    op.create_index(op.f("ix_stations_kind"), "stations", ["kind"], unique=False)
    op.create_table(
        "storage_units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("chemical_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("quantity_t", sa.Double(), nullable=False),
        sa.Column("capacity_t", sa.Double(), nullable=True),
        sa.Column(
            "geom",
            geoalchemy2.types.Geometry(
                geometry_type="POINT",
                srid=4326,
                dimension=2,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                spatial_index=False,
                nullable=False,
            ),
            nullable=False,
        ),
        sa.Column(
            "geom_3857",
            geoalchemy2.types.Geometry(
                geometry_type="POINT",
                srid=3857,
                dimension=2,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                spatial_index=False,
            ),
            sa.Computed("ST_Transform(geom, 3857)", persisted=True),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(
            ["chemical_id"], ["chemicals.id"], name=op.f("fk_storage_units_chemical_id_chemicals")
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_storage_units_enterprise_id_enterprises"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_storage_units")),
        sa.UniqueConstraint("code", name=op.f("uq_storage_units_code")),
    )
    op.create_index(
        "idx_storage_units_geom", "storage_units", ["geom"], unique=False, postgresql_using="gist"
    )
    op.create_index(
        "idx_storage_units_geom_3857", "storage_units", ["geom_3857"], unique=False, postgresql_using="gist"
    )
    op.create_index(op.f("ix_storage_units_chemical_id"), "storage_units", ["chemical_id"], unique=False)
    op.create_index(op.f("ix_storage_units_enterprise_id"), "storage_units", ["enterprise_id"], unique=False)
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=True),
        sa.Column("disabled", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "role IN ('admin', 'manager', 'responder', 'inspector', 'enterprise', 'bureau', 'screen')",
            name=op.f("ck_users_role"),
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_users_enterprise_id_enterprises"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "alarms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("parameter", sa.String(length=24), nullable=True),
        sa.Column("rule", sa.String(length=32), nullable=False),
        sa.Column("severity", sa.String(length=16), server_default="warning", nullable=False),
        sa.Column("status", sa.String(length=16), server_default="open", nullable=False),
        sa.Column("value", sa.Double(), nullable=True),
        sa.Column("limit_value", sa.Double(), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("detail", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False),
        sa.ForeignKeyConstraint(
            ["station_id"], ["stations.id"], name=op.f("fk_alarms_station_id_stations"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alarms")),
    )
    op.create_index(op.f("ix_alarms_station_id"), "alarms", ["station_id"], unique=False)
    op.create_index(op.f("ix_alarms_status"), "alarms", ["status"], unique=False)
    op.create_table(
        "carbon_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("detail", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["carbon_units.id"],
            name=op.f("fk_carbon_events_unit_id_carbon_units"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_carbon_events")),
    )
    op.create_index(op.f("ix_carbon_events_unit_id"), "carbon_events", ["unit_id"], unique=False)
    op.create_table(
        "inspections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=True),
        sa.Column("inspector_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("photos", postgresql.JSONB(astext_type=sa.Text()), server_default="[]", nullable=False),
        sa.Column(
            "geom",
            geoalchemy2.types.Geometry(
                geometry_type="POINT",
                srid=4326,
                dimension=2,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                spatial_index=False,
                nullable=False,
            ),
            nullable=False,
        ),
        sa.Column(
            "geom_3857",
            geoalchemy2.types.Geometry(
                geometry_type="POINT",
                srid=3857,
                dimension=2,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                spatial_index=False,
            ),
            sa.Computed("ST_Transform(geom, 3857)", persisted=True),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_inspections_enterprise_id_enterprises"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["inspector_id"],
            ["users.id"],
            name=op.f("fk_inspections_inspector_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspections")),
    )
    op.create_index("idx_inspections_geom", "inspections", ["geom"], unique=False, postgresql_using="gist")
    op.create_index(
        "idx_inspections_geom_3857", "inspections", ["geom_3857"], unique=False, postgresql_using="gist"
    )
    op.create_index(op.f("ix_inspections_enterprise_id"), "inspections", ["enterprise_id"], unique=False)
    op.create_table(
        "outfalls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name_zh", sa.String(), nullable=False),
        sa.Column("name_en", sa.String(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("receiving_water", sa.String(), nullable=False),
        sa.Column("permit_no", sa.String(), nullable=True),
        sa.Column("node_id", sa.Integer(), nullable=True),
        sa.Column("investigation_status", sa.String(length=24), server_default="traced", nullable=False),
        sa.Column("rectification_status", sa.String(length=24), server_default="compliant", nullable=False),
        sa.Column(
            "geom",
            geoalchemy2.types.Geometry(
                geometry_type="POINT",
                srid=4326,
                dimension=2,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                spatial_index=False,
                nullable=False,
            ),
            nullable=False,
        ),
        sa.Column(
            "geom_3857",
            geoalchemy2.types.Geometry(
                geometry_type="POINT",
                srid=3857,
                dimension=2,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                spatial_index=False,
            ),
            sa.Computed("ST_Transform(geom, 3857)", persisted=True),
            nullable=True,
        ),
        sa.CheckConstraint(
            "kind IN ('industrial', 'municipal', 'rain', 'mixed')", name=op.f("ck_outfalls_kind")
        ),
        sa.ForeignKeyConstraint(
            ["node_id"], ["pipe_nodes.id"], name=op.f("fk_outfalls_node_id_pipe_nodes"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outfalls")),
        sa.UniqueConstraint("code", name=op.f("uq_outfalls_code")),
    )
    op.create_index("idx_outfalls_geom", "outfalls", ["geom"], unique=False, postgresql_using="gist")
    op.create_index(
        "idx_outfalls_geom_3857", "outfalls", ["geom_3857"], unique=False, postgresql_using="gist"
    )
    op.create_table(
        "pipes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("network", sa.String(length=8), nullable=False),
        sa.Column("from_node", sa.Integer(), nullable=False),
        sa.Column("to_node", sa.Integer(), nullable=False),
        sa.Column("diameter_mm", sa.Integer(), nullable=False),
        sa.Column("material", sa.String(length=24), nullable=True),
        sa.Column(
            "length_m", sa.Float(), sa.Computed("ST_Length(geom::geography)", persisted=True), nullable=True
        ),
        sa.Column(
            "geom",
            geoalchemy2.types.Geometry(
                geometry_type="LINESTRING",
                srid=4326,
                dimension=2,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                spatial_index=False,
                nullable=False,
            ),
            nullable=False,
        ),
        sa.Column(
            "geom_3857",
            geoalchemy2.types.Geometry(
                geometry_type="LINESTRING",
                srid=3857,
                dimension=2,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                spatial_index=False,
            ),
            sa.Computed("ST_Transform(geom, 3857)", persisted=True),
            nullable=True,
        ),
        sa.CheckConstraint("network IN ('rain', 'sewage', 'clean')", name=op.f("ck_pipes_network")),
        sa.ForeignKeyConstraint(
            ["from_node"], ["pipe_nodes.id"], name=op.f("fk_pipes_from_node_pipe_nodes"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["to_node"], ["pipe_nodes.id"], name=op.f("fk_pipes_to_node_pipe_nodes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pipes")),
        sa.UniqueConstraint("code", name=op.f("uq_pipes_code")),
    )
    op.create_index("idx_pipes_geom", "pipes", ["geom"], unique=False, postgresql_using="gist")
    op.create_index("idx_pipes_geom_3857", "pipes", ["geom_3857"], unique=False, postgresql_using="gist")
    op.create_index(op.f("ix_pipes_from_node"), "pipes", ["from_node"], unique=False)
    op.create_index(op.f("ix_pipes_network"), "pipes", ["network"], unique=False)
    op.create_index(op.f("ix_pipes_to_node"), "pipes", ["to_node"], unique=False)
    op.create_table(
        "readings",
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("parameter", sa.String(length=24), nullable=False),
        sa.Column("ts", sa.DateTime(timezone=True), nullable=False),
        sa.Column("value", sa.Double(), nullable=True),
        sa.Column("flag", sa.String(length=1), server_default="N", nullable=False),
        sa.Column("raw_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["station_id"], ["stations.id"], name=op.f("fk_readings_station_id_stations"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("station_id", "parameter", "ts", name=op.f("pk_readings")),
        postgresql_partition_by="RANGE (ts)",
    )
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("alarm_id", sa.Integer(), nullable=True),
        sa.Column("enterprise_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=16), server_default="pre_warning", nullable=False),
        sa.Column("escalation_level", sa.Integer(), server_default="0", nullable=False),
        sa.Column("stage_deadline", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "state IN ('pre_warning', 'dispatched', 'feedback', 'review', 'closed', 'escalated')",
            name=op.f("ck_tickets_state"),
        ),
        sa.ForeignKeyConstraint(
            ["alarm_id"], ["alarms.id"], name=op.f("fk_tickets_alarm_id_alarms"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_tickets_enterprise_id_enterprises"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tickets")),
        sa.UniqueConstraint("code", name=op.f("uq_tickets_code")),
    )
    op.create_index(op.f("ix_tickets_alarm_id"), "tickets", ["alarm_id"], unique=False)
    op.create_index(op.f("ix_tickets_enterprise_id"), "tickets", ["enterprise_id"], unique=False)
    op.create_table(
        "ticket_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("from_state", sa.String(length=16), nullable=True),
        sa.Column("to_state", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("evidence", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_ticket_events_actor_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_ticket_events_ticket_id_tickets"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_events")),
    )
    op.create_index(op.f("ix_ticket_events_ticket_id"), "ticket_events", ["ticket_id"], unique=False)
    op.execute((HERE / "0001_readings_partitions.sql").read_text())


def downgrade() -> None:
    op.execute("DROP FUNCTION IF EXISTS parkmap_readings_partition(timestamptz)")
    op.drop_index(op.f("ix_ticket_events_ticket_id"), table_name="ticket_events")
    op.drop_table("ticket_events")
    op.drop_index(op.f("ix_tickets_enterprise_id"), table_name="tickets")
    op.drop_index(op.f("ix_tickets_alarm_id"), table_name="tickets")
    op.drop_table("tickets")
    op.drop_table("readings")
    op.drop_index(op.f("ix_pipes_to_node"), table_name="pipes")
    op.drop_index(op.f("ix_pipes_network"), table_name="pipes")
    op.drop_index(op.f("ix_pipes_from_node"), table_name="pipes")
    op.drop_index("idx_pipes_geom_3857", table_name="pipes", postgresql_using="gist")
    op.drop_index("idx_pipes_geom", table_name="pipes", postgresql_using="gist")
    op.drop_table("pipes")
    op.drop_index("idx_outfalls_geom_3857", table_name="outfalls", postgresql_using="gist")
    op.drop_index("idx_outfalls_geom", table_name="outfalls", postgresql_using="gist")
    op.drop_table("outfalls")
    op.drop_index(op.f("ix_inspections_enterprise_id"), table_name="inspections")
    op.drop_index("idx_inspections_geom_3857", table_name="inspections", postgresql_using="gist")
    op.drop_index("idx_inspections_geom", table_name="inspections", postgresql_using="gist")
    op.drop_table("inspections")
    op.drop_index(op.f("ix_carbon_events_unit_id"), table_name="carbon_events")
    op.drop_table("carbon_events")
    op.drop_index(op.f("ix_alarms_status"), table_name="alarms")
    op.drop_index(op.f("ix_alarms_station_id"), table_name="alarms")
    op.drop_table("alarms")
    op.drop_table("users")
    op.drop_index(op.f("ix_storage_units_enterprise_id"), table_name="storage_units")
    op.drop_index(op.f("ix_storage_units_chemical_id"), table_name="storage_units")
    op.drop_index("idx_storage_units_geom_3857", table_name="storage_units", postgresql_using="gist")
    op.drop_index("idx_storage_units_geom", table_name="storage_units", postgresql_using="gist")
    op.drop_table("storage_units")
    op.drop_index(op.f("ix_stations_kind"), table_name="stations")
    op.drop_index(op.f("ix_stations_enterprise_id"), table_name="stations")
    op.drop_index("idx_stations_geom_3857", table_name="stations", postgresql_using="gist")
    op.drop_index("idx_stations_geom", table_name="stations", postgresql_using="gist")
    op.drop_table("stations")
    op.drop_table("production_audits")
    op.drop_index(op.f("ix_pipe_nodes_kind"), table_name="pipe_nodes")
    op.drop_index(op.f("ix_pipe_nodes_enterprise_id"), table_name="pipe_nodes")
    op.drop_index("idx_pipe_nodes_geom_3857", table_name="pipe_nodes", postgresql_using="gist")
    op.drop_index("idx_pipe_nodes_geom", table_name="pipe_nodes", postgresql_using="gist")
    op.drop_table("pipe_nodes")
    op.drop_index(op.f("ix_carbon_units_enterprise_id"), table_name="carbon_units")
    op.drop_index("idx_carbon_units_geom_3857", table_name="carbon_units", postgresql_using="gist")
    op.drop_index("idx_carbon_units_geom", table_name="carbon_units", postgresql_using="gist")
    op.drop_table("carbon_units")
    op.drop_index(op.f("ix_zones_park_id"), table_name="zones")
    op.drop_index("idx_zones_geom_3857", table_name="zones", postgresql_using="gist")
    op.drop_index("idx_zones_geom", table_name="zones", postgresql_using="gist")
    op.drop_table("zones")
    op.drop_index(op.f("ix_enterprises_park_id"), table_name="enterprises")
    op.drop_index(op.f("ix_enterprises_industry"), table_name="enterprises")
    op.drop_index("idx_enterprises_geom_3857", table_name="enterprises", postgresql_using="gist")
    op.drop_index("idx_enterprises_geom", table_name="enterprises", postgresql_using="gist")
    op.drop_table("enterprises")
    op.drop_index("idx_roads_geom_3857", table_name="roads", postgresql_using="gist")
    op.drop_index("idx_roads_geom", table_name="roads", postgresql_using="gist")
    op.drop_table("roads")
    op.drop_index("idx_rivers_geom_3857", table_name="rivers", postgresql_using="gist")
    op.drop_index("idx_rivers_geom", table_name="rivers", postgresql_using="gist")
    op.drop_table("rivers")
    op.drop_index(op.f("ix_resources_kind"), table_name="resources")
    op.drop_index("idx_resources_geom_3857", table_name="resources", postgresql_using="gist")
    op.drop_index("idx_resources_geom", table_name="resources", postgresql_using="gist")
    op.drop_table("resources")
    op.drop_table("raw_messages")
    op.drop_index("idx_raster_scenes_footprint", table_name="raster_scenes", postgresql_using="gist")
    op.drop_table("raster_scenes")
    op.drop_index("idx_population_points_geom_3857", table_name="population_points", postgresql_using="gist")
    op.drop_index("idx_population_points_geom", table_name="population_points", postgresql_using="gist")
    op.drop_table("population_points")
    op.drop_index("idx_parks_geom_3857", table_name="parks", postgresql_using="gist")
    op.drop_index("idx_parks_geom", table_name="parks", postgresql_using="gist")
    op.drop_table("parks")
    op.drop_table("chemicals")
    op.drop_table("audit_log")
    op.drop_table("api_keys")
