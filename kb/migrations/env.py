"""Alembic environment: runs on the connection handed over by kb.db.migrate."""

from alembic import context

from kb.schema import Base

target_metadata = Base.metadata
connection = context.config.attributes.get("connection")

if connection is None:  # pragma: no cover - `alembic` CLI use during development
    from kb.db import make_engine
    from kb.settings import load_settings

    with make_engine(load_settings().db_url).begin() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
