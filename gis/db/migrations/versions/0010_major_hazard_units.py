"""major hazard units: the GB 18218-2018 assessment stored for the map, and what it was made from

Revision ID: 0010
Revises: 0009
"""

import geoalchemy2
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _geometry(srid: int, **kwargs) -> geoalchemy2.types.Geometry:
    return geoalchemy2.types.Geometry(
        geometry_type="MULTIPOLYGON",
        srid=srid,
        dimension=2,
        from_text="ST_GeomFromEWKT",
        name="geometry",
        spatial_index=False,
        **kwargs,
    )


def upgrade() -> None:
    op.add_column(
        "layer_versions",
        sa.Column("derived_from", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    )
    op.create_table(
        "major_hazard_units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=12), nullable=False),
        sa.Column("enterprise_code", sa.String(length=32), nullable=False),
        sa.Column("enterprise_zh", sa.String(), nullable=False),
        sa.Column("enterprise_en", sa.String(), nullable=False),
        sa.Column("name_zh", sa.String(), nullable=False),
        sa.Column("name_en", sa.String(), nullable=False),
        sa.Column("s", sa.Double(), nullable=False),
        sa.Column("is_major", sa.Boolean(), nullable=False),
        sa.Column("people_within_500m", sa.Integer(), nullable=False),
        sa.Column("alpha", sa.Double(), nullable=True),
        sa.Column("r", sa.Double(), nullable=True),
        sa.Column("r_min", sa.Double(), nullable=True),
        sa.Column("r_max", sa.Double(), nullable=True),
        sa.Column("r_label", sa.String(), nullable=True),
        sa.Column("grade", sa.SmallInteger(), nullable=True),
        sa.Column("grade_min", sa.SmallInteger(), nullable=True),
        sa.Column("grade_max", sa.SmallInteger(), nullable=True),
        sa.Column("grade_range", sa.String(), nullable=True),
        sa.Column("chemicals_zh", sa.String(), nullable=False),
        sa.Column("chemicals_en", sa.String(), nullable=False),
        sa.Column("assessed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("geom", _geometry(4326, nullable=False), nullable=False),
        sa.Column(
            "geom_3857",
            _geometry(3857),
            sa.Computed("ST_Transform(geom, 3857)", persisted=True),
            nullable=True,
        ),
        sa.CheckConstraint("unit IN ('production', 'storage')", name=op.f("ck_major_hazard_units_unit")),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_major_hazard_units_enterprise_id_enterprises"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_major_hazard_units")),
        sa.UniqueConstraint("enterprise_id", "unit", name=op.f("uq_major_hazard_units_enterprise_id")),
    )
    op.create_index(
        "idx_major_hazard_units_geom", "major_hazard_units", ["geom"], unique=False, postgresql_using="gist"
    )
    op.create_index(
        "idx_major_hazard_units_geom_3857",
        "major_hazard_units",
        ["geom_3857"],
        unique=False,
        postgresql_using="gist",
    )
    # version triggers: a refresh reaches every worker's tile cache at once (migration 0003).
    # The rows are made by the refresh in Python; until the first one (the app does it at
    # start) the table is empty and its derived_from null, which marks it stale.
    op.execute("SELECT parkmap_track_layer_table('major_hazard_units')")


def downgrade() -> None:
    op.drop_table("major_hazard_units")
    op.execute("DELETE FROM layer_versions WHERE table_name = 'major_hazard_units'")
    op.drop_column("layer_versions", "derived_from")
