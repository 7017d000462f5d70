"""readings rollups: hourly and daily min/max/avg, device secrets (HJ 212 PW), retention

Revision ID: 0002
Revises: 0001
"""

from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

HERE = Path(__file__).resolve().parent


def rollup_table(name: str) -> None:
    op.create_table(
        name,
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("parameter", sa.String(length=24), nullable=False),
        sa.Column("bucket", sa.DateTime(timezone=True), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("flagged", sa.Integer(), nullable=False),
        sa.Column("total", sa.Double(), nullable=False),
        sa.Column("min", sa.Double(), nullable=True),
        sa.Column("max", sa.Double(), nullable=True),
        sa.Column("avg", sa.Float(), sa.Computed("total / NULLIF(n, 0)", persisted=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["station_id"], ["stations.id"], name=op.f(f"fk_{name}_station_id_stations"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("station_id", "parameter", "bucket", name=op.f(f"pk_{name}")),
    )


def upgrade() -> None:
    rollup_table("rollups_hourly")
    rollup_table("rollups_daily")
    op.create_table(
        "device_secrets",
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("door", sa.String(length=8), nullable=False),
        sa.Column("secret_hash", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["stations.id"],
            name=op.f("fk_device_secrets_station_id_stations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("station_id", "door", name=op.f("pk_device_secrets")),
    )
    op.create_index(op.f("ix_raw_messages_received_at"), "raw_messages", ["received_at"], unique=False)
    op.execute((HERE / "0002_readings_retention.sql").read_text())


def downgrade() -> None:
    op.execute("DROP FUNCTION IF EXISTS parkmap_readings_retention(timestamptz)")
    op.drop_index(op.f("ix_raw_messages_received_at"), table_name="raw_messages")
    op.drop_table("device_secrets")
    op.drop_table("rollups_daily")
    op.drop_table("rollups_hourly")
