"""device keys double as MQTT credentials: the broker's password-file hash of each key

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("api_keys", sa.Column("mqtt_hash", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("api_keys", "mqtt_hash")
