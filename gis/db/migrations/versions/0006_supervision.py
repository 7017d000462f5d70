"""supervision: limits, allowances, hourly loads, data marks, notification outbox, append-only audit log

Revision ID: 0006
Revises: 0005
"""

from pathlib import Path

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

HERE = Path(__file__).resolve().parent
STATION_CLASSES = "'air_boundary', 'voc', 'cems_outlet', 'river', 'wastewater_outlet'"


def upgrade() -> None:
    op.create_table(
        "limits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=True),
        sa.Column("applies_to", sa.String(length=24), nullable=True),
        sa.Column("parameter", sa.String(length=24), nullable=False),
        sa.Column("averaging", sa.String(length=8), nullable=False),
        sa.Column("bound", sa.String(length=3), server_default="max", nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("standard", sa.String(length=60), nullable=False),
        sa.Column("clause", sa.String(length=160), nullable=False),
        sa.Column("water_class", sa.String(length=4), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("(station_id IS NULL) <> (applies_to IS NULL)", name=op.f("ck_limits_target")),
        sa.CheckConstraint(f"applies_to IN ({STATION_CLASSES})", name=op.f("ck_limits_applies_to")),
        sa.CheckConstraint("averaging IN ('instant', '1h', '24h')", name=op.f("ck_limits_averaging")),
        sa.CheckConstraint("bound IN ('max', 'min')", name=op.f("ck_limits_bound")),
        sa.ForeignKeyConstraint(
            ["station_id"], ["stations.id"], name=op.f("fk_limits_station_id_stations"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_limits")),
        sa.UniqueConstraint(
            "station_id",
            "applies_to",
            "parameter",
            "averaging",
            "bound",
            name="uq_limits_target",
            postgresql_nulls_not_distinct=True,
        ),
    )
    op.create_index(op.f("ix_limits_station_id"), "limits", ["station_id"], unique=False)
    op.create_table(
        "load_allowances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("parameter", sa.String(length=24), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("allowance_t", sa.Double(), nullable=False),
        sa.Column("permit_no", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_load_allowances_enterprise_id_enterprises"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_load_allowances")),
        sa.UniqueConstraint(
            "enterprise_id", "parameter", "year", name=op.f("uq_load_allowances_enterprise_id")
        ),
    )
    op.create_table(
        "emission_hours",
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("parameter", sa.String(length=24), nullable=False),
        sa.Column("hour", sa.DateTime(timezone=True), nullable=False),
        sa.Column("mean_value", sa.Double(), nullable=False),
        sa.Column("mean_flow", sa.Double(), nullable=False),
        sa.Column("load_kg", sa.Double(), nullable=False),
        sa.Column("samples", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["stations.id"],
            name=op.f("fk_emission_hours_station_id_stations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("station_id", "parameter", "hour", name=op.f("pk_emission_hours")),
    )
    op.create_table(
        "data_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("parameter", sa.String(length=24), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("evidence", postgresql.JSONB(astext_type=sa.Text()), server_default="[]", nullable=False),
        sa.Column("source", sa.String(length=12), server_default="enterprise", nullable=False),
        sa.Column("device_flag", sa.String(length=1), nullable=True),
        sa.Column("status", sa.String(length=12), server_default="valid", nullable=False),
        sa.Column("suspicion", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "kind IN ('shutdown', 'transition', 'maintenance', 'calibration', 'fault')",
            name=op.f("ck_data_marks_kind"),
        ),
        sa.CheckConstraint(
            "source IN ('enterprise', 'device', 'officer')", name=op.f("ck_data_marks_source")
        ),
        sa.CheckConstraint(
            "status IN ('valid', 'suspicious', 'rejected', 'withdrawn')", name=op.f("ck_data_marks_status")
        ),
        sa.CheckConstraint("ends_at IS NULL OR ends_at > starts_at", name=op.f("ck_data_marks_range")),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["stations.id"],
            name=op.f("fk_data_marks_station_id_stations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_data_marks_created_by_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_marks")),
    )
    op.create_index("ix_data_marks_station_time", "data_marks", ["station_id", "starts_at"], unique=False)
    op.create_table(
        "notification_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audience", sa.String(length=12), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("address", sa.String(), nullable=False),
        sa.Column("secret", sa.String(), nullable=True),
        sa.Column("active", sa.Boolean(), server_default="true", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "audience IN ('enterprise', 'township', 'park', 'district')",
            name=op.f("ck_notification_targets_audience"),
        ),
        sa.CheckConstraint("channel IN ('webhook', 'email')", name=op.f("ck_notification_targets_channel")),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_notification_targets_enterprise_id_enterprises"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_targets")),
    )
    op.create_index(
        op.f("ix_notification_targets_enterprise_id"), "notification_targets", ["enterprise_id"], unique=False
    )
    op.create_table(
        "notifications",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("payload", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False),
        sa.Column("status", sa.String(length=8), server_default="pending", nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column(
            "next_attempt_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('pending', 'sent', 'failed')", name=op.f("ck_notifications_status")),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["notification_targets.id"],
            name=op.f("fk_notifications_target_id_notification_targets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    op.create_index("ix_notifications_due", "notifications", ["status", "next_attempt_at"], unique=False)
    op.add_column("tickets", sa.Column("assignee_id", sa.Integer(), nullable=True))
    op.create_foreign_key(
        op.f("fk_tickets_assignee_id_users"), "tickets", "users", ["assignee_id"], ["id"], ondelete="SET NULL"
    )
    op.create_index(
        "uq_alarms_open",
        "alarms",
        ["station_id", "parameter", "rule"],
        unique=True,
        postgresql_where=sa.text("status = 'open'"),
    )
    op.execute((HERE / "0006_supervision.sql").read_text())


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
    op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
    op.execute("DROP FUNCTION IF EXISTS parkmap_audit_log_refuse_change()")
    op.execute("DROP FUNCTION IF EXISTS parkmap_station_class(text, integer)")
    op.execute("DROP FUNCTION IF EXISTS parkmap_suppressed(integer, text, timestamptz, text)")
    op.drop_index("uq_alarms_open", table_name="alarms")
    op.drop_constraint(op.f("fk_tickets_assignee_id_users"), "tickets", type_="foreignkey")
    op.drop_column("tickets", "assignee_id")
    op.drop_index("ix_notifications_due", table_name="notifications")
    op.drop_table("notifications")
    op.drop_index(op.f("ix_notification_targets_enterprise_id"), table_name="notification_targets")
    op.drop_table("notification_targets")
    op.drop_index("ix_data_marks_station_time", table_name="data_marks")
    op.drop_table("data_marks")
    op.drop_table("emission_hours")
    op.drop_table("load_allowances")
    op.drop_index(op.f("ix_limits_station_id"), table_name="limits")
    op.drop_table("limits")
