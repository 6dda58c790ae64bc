"""The migrations build exactly the schema the models declare, and each one can be undone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, event, inspect
from sqlmodel import SQLModel

from bot.config import load_settings
from bot.customers import collect_stats
from storage.db import alembic_config, make_engine, migrate


def _alembic(engine: Engine, action: str, revision: str) -> None:
    """Run an Alembic command on this engine, the way storage.db.migrate does."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)


def _contact_indexes(engine: Engine) -> set[str]:
    return {str(ix["name"]) for ix in inspect(engine).get_indexes("contact")}


@pytest.fixture(params=["sqlite", "postgresql"])
def own_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A database of this test's own: downgrading the shared one would break other tests."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'capture.db'}"
    else:
        url = request.getfixturevalue("fresh_postgres_url")
    engine = make_engine(url)
    yield engine
    engine.dispose()


def test_migrations_match_the_models(engine: Engine) -> None:
    """A model change without its migration (or the reverse) shows up here, not in production."""
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []


@pytest.mark.parametrize(
    ("index", "before", "kept"),
    [
        ("ix_contact_status_source", "0006", "ix_contact_status_created"),  # 0007
        ("ix_contact_search", "0007", "ix_contact_status_source"),  # 0008
        ("ix_contact_email_domain", "0008", "ix_contact_search"),  # 0009
    ],
)
def test_an_index_comes_and_goes_with_its_migration(
    own_engine: Engine, index: str, before: str, kept: str
) -> None:
    migrate(own_engine)
    assert index in _contact_indexes(own_engine)
    _alembic(own_engine, "downgrade", before)
    assert index not in _contact_indexes(own_engine)
    assert kept in _contact_indexes(own_engine)
    _alembic(own_engine, "upgrade", "head")
    assert index in _contact_indexes(own_engine)


def test_stats_walk_the_status_source_index_on_sqlite(tmp_path: Path) -> None:
    """Grouping by source in index order spares SQLite a temp b-tree of every active row."""
    engine = make_engine(f"sqlite:///{tmp_path / 'capture.db'}")
    migrate(engine)
    grouped: list[tuple[str, object]] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _keep(_conn, _cursor, statement, params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if "GROUP BY" in statement:
            grouped.append((statement, params))

    settings = load_settings(
        _env_file=None, capture_data_dir=tmp_path, capture_secret_key="x" * 32, server_timezone=""
    )
    collect_stats(engine, settings)
    assert len(grouped) == 1
    statement, params = grouped[0]
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", params)  # type: ignore[arg-type]
        plan = [str(row[-1]) for row in rows]
    engine.dispose()
    assert any("USING INDEX ix_contact_status_source" in line for line in plan), plan
    assert not any("TEMP B-TREE" in line for line in plan), plan


def test_the_domain_migration_indexes_existing_contacts(own_engine: Engine) -> None:
    """Contacts saved before 0009 are found by domain after it (the key is configured)."""
    from sqlalchemy import text

    from storage import repo
    from storage.db import session_scope
    from storage.models import Contact

    migrate(own_engine)
    with session_scope(own_engine) as s:
        s.add(Contact(name="Anna Berg", email="anna@contoso.com", owner_id=1))
        s.add(Contact(name="Bo Ek", website="https://www.contoso.com/about", owner_id=1))
    _alembic(own_engine, "downgrade", "0008")
    _alembic(own_engine, "upgrade", "head")
    with own_engine.connect() as c:
        filled = c.execute(text("SELECT count(*) FROM contact WHERE email_domain_index IS NOT "
                                "NULL OR website_index IS NOT NULL")).scalar()  # fmt: skip
    assert filled == 2
    with session_scope(own_engine) as s:
        found = repo.search_contacts(s, "contoso.com", owner_id=None)
        assert sorted(c.name for c in found) == ["Anna Berg", "Bo Ek"]


def test_links_left_on_records_merged_away_move_to_the_kept_record(own_engine: Engine) -> None:
    """Merges before 0014 left the customer linked to the record merged away: cut off from
    /mydata and /update, and /forget erased nothing. The link and its reminder move along the
    chain to the active record, never onto a record with a customer of its own."""
    from storage import repo
    from storage.db import session_scope
    from storage.models import Contact, Reminder, utcnow

    migrate(own_engine)
    with session_scope(own_engine) as s:
        kept, middle, gone = (Contact(name="Vera", owner_id=1) for _ in range(3))
        taken, lost = Contact(name="Ute", owner_id=1, customer_user_id=8), Contact(name="Ute")
        for c in (kept, middle, gone, taken, lost):
            s.add(c)
        s.flush()
        middle.status, middle.merged_into_id = "merged", kept.id
        gone.status, gone.merged_into_id, gone.customer_user_id = "merged", middle.id, 7
        lost.status, lost.merged_into_id, lost.customer_user_id = "merged", taken.id, 9
        s.add(Reminder(contact_id=gone.id or 0, user_id=7, due_at=utcnow()))
        ids = kept.id, gone.id, taken.id, lost.id
    _alembic(own_engine, "downgrade", "0013")
    _alembic(own_engine, "upgrade", "head")
    with session_scope(own_engine) as s:
        links = [getattr(repo.get_contact(s, i or 0), "customer_user_id", 0) for i in ids]
        assert links == [7, None, 8, 9]
        assert repo.contact_of_customer(s, 7) is not None
        reminder = repo.get_reminder(s, ids[0] or 0)
        assert reminder is not None and reminder.user_id == 7
        assert repo.get_reminder(s, ids[1] or 0) is None
