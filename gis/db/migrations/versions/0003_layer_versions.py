"""layer versions: version rows, change triggers with NOTIFY, the storage-unit hazard view

Revision ID: 0003
Revises: 0002
"""

from pathlib import Path

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

HERE = Path(__file__).resolve().parent
TRACKED = (
    "parks",
    "zones",
    "enterprises",
    "chemicals",
    "storage_units",
    "pipe_nodes",
    "pipes",
    "rivers",
    "outfalls",
    "roads",
    "resources",
    "population_points",
    "inspections",
    "carbon_units",
    "stations",
)


def upgrade() -> None:
    op.execute((HERE / "0003_layer_versions.sql").read_text())


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS storage_unit_hazards")
    for table in TRACKED:
        op.execute(f"DROP TRIGGER IF EXISTS parkmap_layer_version_rows ON {table}")
        op.execute(f"DROP TRIGGER IF EXISTS parkmap_layer_version_update ON {table}")
    op.execute("DROP FUNCTION IF EXISTS parkmap_track_layer_table(regclass, text[])")
    op.execute("DROP FUNCTION IF EXISTS parkmap_bump_layer_version()")
    op.execute("DROP TABLE IF EXISTS layer_versions")
