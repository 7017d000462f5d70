"""limit history: the limits in force at any past moment, for the time slider

Every version of every limit, with the span it was in force (``valid``), kept by a trigger
on ``limits``: a new limit is in force from when it is entered, an edit closes the version
in force and opens the next at the edit's time, a deletion closes it.  The limits there
are now, and the standards' defaults a park installs later, stand for all the time before
(a transaction says so with ``SET LOCAL parkmap.limits_since = '-infinity'``).

Revision ID: 0012
Revises: 0011
"""

from pathlib import Path

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

HERE = Path(__file__).resolve().parent


def upgrade() -> None:
    op.create_table(
        "limit_history",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("limit_id", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=True),
        sa.Column("applies_to", sa.String(length=24), nullable=True),
        sa.Column("parameter", sa.String(length=24), nullable=False),
        sa.Column("averaging", sa.String(length=8), nullable=False),
        sa.Column("bound", sa.String(length=3), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("standard", sa.String(length=60), nullable=False),
        sa.Column("clause", sa.String(length=160), nullable=False),
        sa.Column("valid", postgresql.TSTZRANGE(), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["stations.id"],
            name=op.f("fk_limit_history_station_id_stations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_limit_history")),
    )
    op.create_index(op.f("ix_limit_history_limit_id"), "limit_history", ["limit_id"], unique=False)
    op.create_index(op.f("ix_limit_history_station_id"), "limit_history", ["station_id"], unique=False)
    op.execute((HERE / "0012_limit_history.sql").read_text())


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS limits_history ON limits")
    op.execute("DROP FUNCTION IF EXISTS parkmap_limit_history()")
    op.drop_table("limit_history")
