"""an outlet station measuring effluent is judged as a wastewater outlet, not as a stack

Limits on ammonia nitrogen are renamed ``nh3_n``, the name the doors store it under (they
were installed as ``nh3n`` and never met a value).

A ``cems_outlet`` station is an enterprise's online monitor at its discharge point; where
it measures water (COD, ammonia nitrogen, pH …) and no flue gas (O2, gas flow), it is a
wastewater outlet and takes the wastewater limits, as the HJ 212 system code 32 says.

Revision ID: 0011
Revises: 0010
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

WATER = "ARRAY['ph','cod','codmn','nh3_n','tp','tn','do','water_temp','conductivity','wastewater_flow']"
FLUE_GAS = "ARRAY['o2','flue_gas_flow','flue_temp','flue_velocity']"


def upgrade() -> None:
    op.execute(
        f"""
        CREATE FUNCTION parkmap_station_class(kind text, enterprise_id integer, parameters text[])
        RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT CASE
                WHEN kind = 'water_quality' AND enterprise_id IS NULL THEN 'river'
                WHEN kind = 'water_quality' THEN 'wastewater_outlet'
                WHEN kind = 'cems_outlet' AND coalesce(parameters && {WATER}, false)
                     AND NOT coalesce(parameters && {FLUE_GAS}, false) THEN 'wastewater_outlet'
                ELSE kind
            END
        $$
        """
    )
    op.execute("DROP FUNCTION parkmap_station_class(text, integer)")
    op.execute(
        """
        UPDATE limits l SET parameter = 'nh3_n'
        WHERE l.parameter = 'nh3n' AND NOT EXISTS (
            SELECT 1 FROM limits o
            WHERE o.parameter = 'nh3_n' AND o.averaging = l.averaging AND o.bound = l.bound
              AND o.station_id IS NOT DISTINCT FROM l.station_id
              AND o.applies_to IS NOT DISTINCT FROM l.applies_to
        )
        """
    )


def downgrade() -> None:
    op.execute(
        """
        CREATE FUNCTION parkmap_station_class(kind text, enterprise_id integer)
        RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT CASE
                WHEN kind = 'water_quality' AND enterprise_id IS NULL THEN 'river'
                WHEN kind = 'water_quality' THEN 'wastewater_outlet'
                ELSE kind
            END
        $$
        """
    )
    op.execute("DROP FUNCTION parkmap_station_class(text, integer, text[])")
