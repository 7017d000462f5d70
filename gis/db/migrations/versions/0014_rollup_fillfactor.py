"""Rollup rows are updated in place: their pages keep room for the next version of a row

Every batch of readings adds to the hourly and daily rollup rows it touches, so a station's
hour row is rewritten once a minute and its day row all day long.  With full pages each new
version goes to another page and into the primary key again; with half the page kept free
PostgreSQL writes it beside the old one (a heap-only update) and prunes the old one there.
Pages written before keep their layout until they are rewritten.

Revision ID: 0014
Revises: 0013
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

ROLLUPS = ("rollups_hourly", "rollups_daily")


def upgrade() -> None:
    for table in ROLLUPS:
        op.execute(f"ALTER TABLE {table} SET (fillfactor = 50)")


def downgrade() -> None:
    for table in ROLLUPS:
        op.execute(f"ALTER TABLE {table} RESET (fillfactor)")
