"""programs: carbon replacement jobs, outfall tasks and samples, rain-gate events, shared materials and loans, VOC fence hours, audit results

Revision ID: 0007
Revises: 0006
"""

import geoalchemy2
import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

NEW_TABLES = (
    "carbon_jobs",
    "outfall_tasks",
    "outfall_samples",
    "rain_gate_events",
    "material_loans",
    "material_stocks",
    "fence_evaluations",
)


def upgrade() -> None:
    op.create_table(
        "fence_evaluations",
        sa.Column("hour", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "evaluated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("wind_from_deg", sa.Double(), nullable=True),
        sa.Column("wind_speed_m_s", sa.Double(), nullable=True),
        sa.Column("result", postgresql.JSONB(astext_type=Text()), server_default="{}", nullable=False),
        sa.PrimaryKeyConstraint("hour", name=op.f("pk_fence_evaluations")),
    )
    op.create_table(
        "material_stocks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resource_id", sa.Integer(), nullable=True),
        sa.Column("enterprise_id", sa.Integer(), nullable=True),
        sa.Column("material_type", sa.String(length=40), nullable=False),
        sa.Column("name_zh", sa.String(), nullable=False),
        sa.Column("quantity", sa.Double(), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("contact", sa.String(), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
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
        sa.Column(
            "geog",
            geoalchemy2.types.Geography(
                geometry_type="POINT",
                srid=4326,
                dimension=2,
                from_text="ST_GeogFromText",
                name="geography",
                spatial_index=False,
            ),
            sa.Computed("(geom)::geography", persisted=True),
            nullable=False,
        ),
        sa.CheckConstraint(
            "(resource_id IS NULL) <> (enterprise_id IS NULL)", name=op.f("ck_material_stocks_holder")
        ),
        sa.CheckConstraint("quantity >= 0", name=op.f("ck_material_stocks_quantity")),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_material_stocks_enterprise_id_enterprises"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resource_id"],
            ["resources.id"],
            name=op.f("fk_material_stocks_resource_id_resources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_material_stocks")),
    )
    op.create_index(
        "idx_material_stocks_geog", "material_stocks", ["geog"], unique=False, postgresql_using="gist"
    )
    op.create_index(
        "idx_material_stocks_geom", "material_stocks", ["geom"], unique=False, postgresql_using="gist"
    )
    op.create_index(
        op.f("ix_material_stocks_enterprise_id"), "material_stocks", ["enterprise_id"], unique=False
    )
    op.create_index(
        op.f("ix_material_stocks_material_type"), "material_stocks", ["material_type"], unique=False
    )
    op.create_index(op.f("ix_material_stocks_resource_id"), "material_stocks", ["resource_id"], unique=False)
    op.create_table(
        "carbon_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=12), server_default="requested", nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column(
            "requested_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("requested_by", sa.Integer(), nullable=True),
        sa.Column("company", sa.String(), nullable=True),
        sa.Column("scheduled_for", sa.Date(), nullable=True),
        sa.Column("vehicle_plate", sa.String(length=16), nullable=True),
        sa.Column("pickup_weight_kg", sa.Double(), nullable=True),
        sa.Column("picked_up_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("regenerated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("certificate_no", sa.String(length=40), nullable=True),
        sa.Column("refilled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "state IN ('requested', 'scheduled', 'picked_up', 'closed', 'cancelled')",
            name=op.f("ck_carbon_jobs_state"),
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_carbon_jobs_enterprise_id_enterprises"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"],
            ["users.id"],
            name=op.f("fk_carbon_jobs_requested_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["carbon_units.id"],
            name=op.f("fk_carbon_jobs_unit_id_carbon_units"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_carbon_jobs")),
    )
    op.create_index(op.f("ix_carbon_jobs_enterprise_id"), "carbon_jobs", ["enterprise_id"], unique=False)
    op.create_index(op.f("ix_carbon_jobs_unit_id"), "carbon_jobs", ["unit_id"], unique=False)
    op.create_index(
        "uq_carbon_jobs_open",
        "carbon_jobs",
        ["unit_id"],
        unique=True,
        postgresql_where=sa.text("state NOT IN ('closed', 'cancelled')"),
    )
    op.create_table(
        "material_loans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stock_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=12), server_default="requested", nullable=False),
        sa.Column("quantity", sa.Double(), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=True),
        sa.Column("requester_enterprise_id", sa.Integer(), nullable=True),
        sa.Column(
            "requested_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("handed_over_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("returned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("returned_quantity", sa.Double(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "state IN ('requested', 'approved', 'handed_over', 'returned', 'rejected', 'cancelled')",
            name=op.f("ck_material_loans_state"),
        ),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_material_loans_quantity")),
        sa.ForeignKeyConstraint(
            ["approved_by"],
            ["users.id"],
            name=op.f("fk_material_loans_approved_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"],
            ["users.id"],
            name=op.f("fk_material_loans_requested_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["requester_enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_material_loans_requester_enterprise_id_enterprises"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["stock_id"],
            ["material_stocks.id"],
            name=op.f("fk_material_loans_stock_id_material_stocks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_material_loans")),
    )
    op.create_index(
        op.f("ix_material_loans_requester_enterprise_id"),
        "material_loans",
        ["requester_enterprise_id"],
        unique=False,
    )
    op.create_index(op.f("ix_material_loans_state"), "material_loans", ["state"], unique=False)
    op.create_index(op.f("ix_material_loans_stock_id"), "material_loans", ["stock_id"], unique=False)
    op.create_table(
        "rain_gate_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("node_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.CheckConstraint("state IN ('open', 'closed')", name=op.f("ck_rain_gate_events_state")),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_rain_gate_events_actor_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["node_id"],
            ["pipe_nodes.id"],
            name=op.f("fk_rain_gate_events_node_id_pipe_nodes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rain_gate_events")),
    )
    op.create_index(op.f("ix_rain_gate_events_node_id"), "rain_gate_events", ["node_id"], unique=False)
    op.create_table(
        "outfall_samples",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outfall_id", sa.Integer(), nullable=False),
        sa.Column("sampled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("parameter", sa.String(length=24), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("limit_value", sa.Double(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_outfall_samples_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["outfall_id"],
            ["outfalls.id"],
            name=op.f("fk_outfall_samples_outfall_id_outfalls"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outfall_samples")),
    )
    op.create_index(op.f("ix_outfall_samples_outfall_id"), "outfall_samples", ["outfall_id"], unique=False)
    op.create_table(
        "outfall_tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outfall_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=True),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("measure", sa.Text(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("responsible_unit", sa.String(), nullable=False),
        sa.Column("status", sa.String(length=12), server_default="open", nullable=False),
        sa.Column("evidence", postgresql.JSONB(astext_type=Text()), server_default="[]", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("accepted_by", sa.Integer(), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('open', 'submitted', 'accepted')", name=op.f("ck_outfall_tasks_status")
        ),
        sa.ForeignKeyConstraint(
            ["accepted_by"],
            ["users.id"],
            name=op.f("fk_outfall_tasks_accepted_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_outfall_tasks_created_by_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_outfall_tasks_enterprise_id_enterprises"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["outfall_id"],
            ["outfalls.id"],
            name=op.f("fk_outfall_tasks_outfall_id_outfalls"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outfall_tasks")),
    )
    op.create_index(op.f("ix_outfall_tasks_enterprise_id"), "outfall_tasks", ["enterprise_id"], unique=False)
    op.create_index(op.f("ix_outfall_tasks_outfall_id"), "outfall_tasks", ["outfall_id"], unique=False)
    op.create_index(op.f("ix_outfall_tasks_status"), "outfall_tasks", ["status"], unique=False)
    op.add_column("carbon_events", sa.Column("job_id", sa.Integer(), nullable=True))
    op.add_column("carbon_events", sa.Column("actor_id", sa.Integer(), nullable=True))
    op.create_foreign_key(
        op.f("fk_carbon_events_job_id_carbon_jobs"),
        "carbon_events",
        "carbon_jobs",
        ["job_id"],
        ["id"],
        ondelete="SET NULL",
    )
    op.create_foreign_key(
        op.f("fk_carbon_events_actor_id_users"),
        "carbon_events",
        "users",
        ["actor_id"],
        ["id"],
        ondelete="SET NULL",
    )
    op.add_column("carbon_units", sa.Column("hours_per_day", sa.Float(), server_default="24", nullable=False))
    op.add_column(
        "carbon_units", sa.Column("removal_efficiency", sa.Float(), server_default="0.9", nullable=False)
    )
    op.add_column(
        "carbon_units",
        sa.Column("inlet_source", sa.String(length=8), server_default="declared", nullable=False),
    )
    op.add_column("production_audits", sa.Column("system_code", sa.String(length=40), nullable=True))
    op.add_column(
        "production_audits",
        sa.Column("result", postgresql.JSONB(astext_type=Text()), server_default="{}", nullable=False),
    )
    op.add_column(
        "production_audits",
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
    )
    op.add_column("production_audits", sa.Column("next_review", sa.Date(), nullable=True))
    op.create_check_constraint(
        op.f("ck_carbon_units_inlet_source"), "carbon_units", "inlet_source IN ('declared', 'measured')"
    )
    op.create_check_constraint(
        op.f("ck_carbon_units_removal_efficiency"),
        "carbon_units",
        "removal_efficiency > 0 AND removal_efficiency <= 1",
    )
    op.create_check_constraint(
        op.f("ck_carbon_units_hours_per_day"), "carbon_units", "hours_per_day > 0 AND hours_per_day <= 24"
    )


def downgrade() -> None:
    op.drop_constraint(op.f("fk_carbon_events_job_id_carbon_jobs"), "carbon_events", type_="foreignkey")
    op.drop_constraint(op.f("fk_carbon_events_actor_id_users"), "carbon_events", type_="foreignkey")
    op.drop_column("carbon_events", "job_id")
    op.drop_column("carbon_events", "actor_id")
    for column in ("hours_per_day", "removal_efficiency", "inlet_source"):
        op.drop_column("carbon_units", column)
    for column in ("system_code", "result", "updated_at", "next_review"):
        op.drop_column("production_audits", column)
    for table in NEW_TABLES:
        op.drop_table(table)
