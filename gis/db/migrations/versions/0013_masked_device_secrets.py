"""HJ 212 packets stored before the door masked the PW have it masked too

The HJ 212 door stores each packet with the data logger's PW replaced by ``*`` (one for
each character, as ``api.ingest.hj212.frame.masked_pw`` does); packets stored before it did
kept the secret in clear, readable by anyone allowed to trace a value to its packet.  They
are masked the same way.  Nothing else of a packet changes; a masked packet's CRC no longer
matches it, as for every packet stored since.  There is no going back: the secrets are gone.

Revision ID: 0013
Revises: 0012
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a PW's characters run to the next field, or to the end of the header where CP is left
    # out; PostgreSQL's regular expressions read \r and \n inside brackets as the characters
    op.execute(
        r"""
        CREATE FUNCTION parkmap_masked_pw(packet text) RETURNS text
        LANGUAGE plpgsql IMMUTABLE AS $$
        DECLARE
            secret text;
        BEGIN
            FOR secret IN SELECT m[1] FROM regexp_matches(packet, 'PW=([^;&\r\n]*)', 'g') AS m LOOP
                packet := replace(packet, 'PW=' || secret, 'PW=' || repeat('*', length(secret)));
            END LOOP;
            RETURN packet;
        END
        $$
        """
    )
    op.execute(
        r"""
        UPDATE raw_messages SET payload = parkmap_masked_pw(payload)
        WHERE door = 'hj212' AND payload ~ 'PW=[^;&\r\n]*[^*;&\r\n]'
        """
    )
    op.execute("DROP FUNCTION parkmap_masked_pw(text)")


def downgrade() -> None:
    pass
