"""Alembic environment: the URL comes from the caller (``gis.db.migrate``) or the settings."""

from alembic import context
from sqlalchemy import create_engine, pool

from gis.db.embedded import database_url
from gis.db.engine import sqlalchemy_url
from gis.db.migrations_filter import include_object
from gis.db.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    url = config.attributes.get("url") or sqlalchemy_url(database_url())
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            include_object=include_object,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
