"""The repository on SQLite and PostgreSQL alike."""

from __future__ import annotations

from sqlalchemy import Engine, inspect

from storage import repo
from storage.db import migrate, session_scope


def test_migrations_create_every_table_and_are_idempotent(engine: Engine) -> None:
    migrate(engine)  # a second run at start-up changes nothing
    tables = set(inspect(engine).get_table_names())
    assert {"contact", "user", "conversation", "auditevent", "alembic_version"} <= tables


def test_contact_round_trip_with_audit(engine: Engine) -> None:
    with session_scope(engine) as s:
        repo.touch_user(s, 7, first_name="Li", username=None, language_code="zh-hans")
        c = repo.create_contact(
            s, {"name": "王伟", "phone": "+8613800138000", "email": "wei@example.cn"},
            owner_id=7, source="manual", actor_id=7,
        )  # fmt: skip
        cid = c.id
    with session_scope(engine) as s:
        c = repo.get_contact(s, cid)
        assert (c.name, c.phone, c.owner_id, c.source) == ("王伟", "+8613800138000", 7, "manual")
        assert c.created_at.tzinfo is not None
        changed = repo.update_contact(s, c, {"company": "艾克美", "phone": c.phone}, actor_id=7)
        assert changed == ["company"]
    with session_scope(engine) as s:
        events = repo.audit_for_contact(s, cid)
        assert [e.action for e in events] == ["create", "update"]
        assert events[1].field == "company" and events[1].new_value == "艾克美"


def test_conversation_state_survives_a_new_session(engine: Engine) -> None:
    state = {"step": "phone", "draft": {"name": "Zhang Wei"}, "rev": 3}
    with session_scope(engine) as s:
        repo.save_conversation(s, 99, state)
    with session_scope(engine) as s:
        assert repo.load_conversation(s, 99) == state
        repo.save_conversation(s, 99, None)
    with session_scope(engine) as s:
        assert repo.load_conversation(s, 99) is None


def test_lookups_and_paging(engine: Engine) -> None:
    with session_scope(engine) as s:
        for i in range(12):
            repo.create_contact(
                s, {"name": f"Person {i}", "email": f"p{i}@example.com",
                    "phone": f"+86138001380{i:02d}", "company": "Acme" if i % 2 else "Globex"},
                owner_id=1 if i < 10 else 2, source="manual", actor_id=1,
            )  # fmt: skip
    with session_scope(engine) as s:
        page, total = repo.list_contacts(s, owner_id=1, offset=0, limit=5)
        assert total == 10 and [c.name for c in page][:2] == ["Person 9", "Person 8"]
        assert len(repo.list_contacts(s, owner_id=None, offset=10, limit=5)[0]) == 2
        found = repo.search_contacts(s, "acme", owner_id=2)
        assert [c.name for c in found] == ["Person 11"]
        assert [
            c.name for c in repo.search_contacts(s, "zzz", owner_id=None, phone="+8613800138005")
        ] == ["Person 5"]
        assert len(list(repo.iter_contacts(s, batch=5))) == 12


def test_admin_ids_are_admins_and_roles_are_audited(engine: Engine) -> None:
    with session_scope(engine) as s:
        user = repo.touch_user(s, 5, first_name="Boss", username=None, language_code="en",
                               admin_ids=frozenset({5}))  # fmt: skip
        assert user.role == "admin"
        repo.set_role(s, 6, "rep", actor_id=5)
    with session_scope(engine) as s:
        assert [u.id for u in repo.users_with_role(s, "rep")] == [6]


def test_a_job_run_is_claimed_once_and_an_update_applied_once(engine: Engine) -> None:
    with session_scope(engine) as s:
        assert repo.claim_job(s, "backup:2026-11-23")
        assert repo.claim_update(s, 42)
    with session_scope(engine) as s:
        assert not repo.claim_job(s, "backup:2026-11-23")
        assert repo.claim_job(s, "backup:2026-11-24")
        assert not repo.claim_update(s, 42)
