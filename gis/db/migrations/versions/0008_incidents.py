"""incidents: recorded emergencies with their analysis results and printable report

Revision ID: 0008
Revises: 0007
"""

import geoalchemy2
import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _json(name: str) -> sa.Column:
    return sa.Column(name, postgresql.JSONB(astext_type=Text()), server_default="{}", nullable=False)


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("chemical_id", sa.Integer(), nullable=True),
        sa.Column("storage_unit_id", sa.Integer(), nullable=True),
        _json("release"),
        _json("weather"),
        _json("results"),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("report_html", sa.Text(), nullable=True),
        sa.Column("report_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "geom",
            geoalchemy2.types.Geometry(
                geometry_type="POINT",
                srid=4326,
                dimension=2,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                spatial_index=False,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["chemical_id"],
            ["chemicals.id"],
            name=op.f("fk_incidents_chemical_id_chemicals"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["storage_unit_id"],
            ["storage_units.id"],
            name=op.f("fk_incidents_storage_unit_id_storage_units"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_incidents_created_by_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incidents")),
    )
    op.create_index("idx_incidents_geom", "incidents", ["geom"], unique=False, postgresql_using="gist")
    op.create_index(op.f("ix_incidents_occurred_at"), "incidents", ["occurred_at"], unique=False)


def downgrade() -> None:
    op.drop_table("incidents")
