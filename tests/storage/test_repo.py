"""The repository on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, event, inspect
from sqlmodel import Session

from bot.matching import worth_reading
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


def test_a_conversation_is_overwritten_in_place_and_forgetting_twice_is_harmless(
    engine: Engine,
) -> None:
    with session_scope(engine) as s:
        repo.save_conversation(s, 5, {"step": "name", "rev": 1})
        repo.save_conversation(s, 5, {"step": "phone", "rev": 2})
        assert repo.load_conversation(s, 5) == {"step": "phone", "rev": 2}
    with session_scope(engine) as s:
        repo.save_conversation(s, 5, {"step": "email", "rev": 3})
    with session_scope(engine) as s:
        assert repo.load_conversation(s, 5) == {"step": "email", "rev": 3}
        repo.save_conversation(s, 5, None)
        repo.save_conversation(s, 5, None)
        assert repo.load_conversation(s, 5) is None


def test_touching_a_user_writes_only_what_changed(engine: Engine) -> None:
    """last_seen_at moves once it is over a minute old, so most updates write no user row."""
    with session_scope(engine) as s:
        repo.touch_user(s, 8, first_name="Li", username=None, language_code="zh-hans")
    writes: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("UPDATE"):
            writes.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        with session_scope(engine) as s:
            seen = repo.touch_user(
                s, 8, first_name="Li", username=None, language_code="zh-hans"
            ).last_seen_at
        assert writes == []
        with session_scope(engine) as s:
            user = repo.get_user(s, 8)
            user.last_seen_at = seen - timedelta(minutes=2)
        writes.clear()
        with session_scope(engine) as s:
            repo.touch_user(s, 8, first_name="Li Wei", username="li", language_code="zh-hans")
        assert len(writes) == 1
    finally:
        event.remove(engine, "before_cursor_execute", count)
    with session_scope(engine) as s:
        user = repo.get_user(s, 8)
        assert (user.first_name, user.username) == ("Li Wei", "li")
        assert user.last_seen_at > seen - timedelta(seconds=1)


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


def _add(s: Session, name: str, **values: str) -> int:
    contact = repo.create_contact(
        s, {"name": name, **values}, owner_id=1, source="manual", actor_id=1
    )
    return contact.id or 0


def _select_plans(engine: Engine, run: Callable[[Session], object]) -> list[str]:
    """SQLite's query plan of every SELECT `run` issues (the bot never runs ANALYZE)."""
    seen: list[tuple[str, Any]] = []

    def grab(_c: Any, _cur: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append((statement, parameters))

    with session_scope(engine) as s:
        event.listen(engine, "before_cursor_execute", grab)
        try:
            run(s)
        finally:
            event.remove(engine, "before_cursor_execute", grab)
    with engine.connect() as conn:
        return [
            " | ".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {q}", p))
            for q, p in seen
        ]


def test_find_matches_a_phone_or_email_exactly_before_any_name(engine: Engine) -> None:
    with session_scope(engine) as s:
        li = _add(s, "Li Lei", phone="+8613800138005", email="Li.Lei@Example.cn")
        _add(s, "Hotline 13800138005", company="li.lei@example.cn")  # would match a LIKE
        _add(s, "Old Li", phone="+8613800138006")
        merged = repo.get_contact(s, _add(s, "Li Lei (old)", phone="+8613800138006"))
        assert merged is not None
        merged.status = "merged"
        s.add(merged)
    with session_scope(engine) as s:
        by_phone = repo.search_contacts(s, "13800138005", owner_id=None, phone="+8613800138005")
        assert [c.id for c in by_phone] == [li]
        by_email = repo.search_contacts(s, " LI.LEI@example.CN", owner_id=None)
        assert [c.id for c in by_email] == [li]
        by_phone = repo.search_contacts(s, "x", owner_id=None, phone="+8613800138006")
        assert [c.name for c in by_phone] == ["Old Li"]  # the merged record is not shown
        assert repo.search_contacts(s, "138", owner_id=3, phone="+8613800138005") == []
        # no exact match: names and companies are searched
        by_name = repo.search_contacts(s, "13800138", owner_id=1, phone="+8613800138007")
        assert [c.name for c in by_name] == ["Hotline 13800138005"]
        assert [c.name for c in repo.search_contacts(s, "LI LEI", owner_id=None)] == ["Li Lei"]


def test_exact_find_uses_the_blind_index_not_the_status_index(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return
    with session_scope(engine) as s:
        _add(s, "Li Lei", phone="+8613800138005", email="li@example.cn")
    plans = _select_plans(
        engine,
        lambda s: (
            repo.search_contacts(s, "13800138005", owner_id=None, phone="+8613800138005"),
            repo.search_contacts(s, "li@example.cn", owner_id=1),
        ),
    )
    assert len(plans) == 2
    assert "ix_contact_phone_index" in plans[0] and "ix_contact_email_index" in plans[1], plans


def test_a_name_search_is_newest_first_any_case_and_active_only(engine: Engine) -> None:
    with session_scope(engine) as s:
        ids = [_add(s, f"Wang {i}", company="ACME Trading") for i in range(4)]
        other = repo.create_contact(
            s, {"name": "Wang Rep2", "company": "Acme"}, owner_id=2, source="manual", actor_id=2
        )
        _add(s, "王伟", company="华为技术")
        gone = repo.get_contact(s, ids[3])
        assert gone is not None
        gone.status = "merged"
        s.add(gone)
    with session_scope(engine) as s:
        found = repo.search_contacts(s, "acme", owner_id=None, limit=3)
        assert [c.id for c in found] == [other.id, ids[2], ids[1]]
        assert [c.id for c in repo.search_contacts(s, "WANG", owner_id=1)] == ids[2::-1]
        assert [c.name for c in repo.search_contacts(s, "华为", owner_id=1)] == ["王伟"]
        assert repo.search_contacts(s, "Trading Co", owner_id=None) == []


def test_a_name_search_scans_the_narrow_search_index_not_the_table(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("the query plan checked is SQLite's")
    with session_scope(engine) as s:
        _add(s, "Wang Wei", company="Acme")
    for owner in (None, 1):
        plans = _select_plans(
            engine, lambda s, owner=owner: repo.search_contacts(s, "wei", owner_id=owner)
        )
        assert len(plans) == 1, plans
        assert "COVERING INDEX ix_contact_search" in plans[0], plans
        assert "PRIMARY KEY" in plans[0] and "SCAN contact" not in plans[0], plans


def test_key_blocks_are_the_newest_ids_per_key(engine: Engine) -> None:
    with session_scope(engine) as s:
        ids = [_add(s, f"Wang {i}", company="Acme") for i in range(5)]
        for i in ids:
            repo.set_contact_keys(s, i, {"c:acme|wang"} | ({"p:+861"} if i == ids[0] else set()))
    with session_scope(engine) as s:
        blocks = repo.key_blocks(s, {"c:acme|wang", "p:+861", "e:none"}, per_key=3)
        assert blocks == {"c:acme|wang": ids[:1:-1], "p:+861": [ids[0]]}  # no empty block
        assert repo.key_blocks(s, set(), per_key=3) == {}


def test_a_big_block_comes_back_with_only_its_shared_ids_and_the_same_pick(
    engine: Engine,
) -> None:
    """A key shared by more than `small` contacts (an office line) is no evidence alone: with
    `small` the database returns only its members sharing another key, and `worth_reading`
    picks exactly what it picks from the whole blocks."""
    office = {"p:+861084336614"}
    with session_scope(engine) as s:
        ids = [_add(s, f"Colleague {i}", company="Acme") for i in range(12)]
        for i in ids:
            repo.set_contact_keys(s, i, office)
        twin = ids[3]
        repo.set_contact_keys(s, twin, office | {"pn:84336614|wei"})
        namesake = _add(s, "Wei Other")
        repo.set_contact_keys(s, namesake, {"pn:84336614|wei", "c:^acme|wei"})
    keys = office | {"pn:84336614|wei", "c:^acme|wei", "e:none"}
    with session_scope(engine) as s:
        whole = repo.key_blocks(s, keys, per_key=200)
        shared = repo.key_blocks(s, keys, per_key=200, small=4)
        assert len(whole["p:+861084336614"]) == 12
        assert shared["p:+861084336614"] == [twin]  # the 11 others share nothing else
        assert shared["pn:84336614|wei"] == whole["pn:84336614|wei"] == [namesake, twin]
        assert shared["c:^acme|wei"] == [namesake]  # a small block comes back whole
        assert worth_reading(shared, small=4) == worth_reading(whole, small=4) == {twin, namesake}
        for small in (1, 32):
            assert worth_reading(
                repo.key_blocks(s, keys, per_key=200, small=small), small=small
            ) == worth_reading(whole, small=small)


def test_match_values_reads_the_named_columns_of_active_contacts(engine: Engine) -> None:
    with session_scope(engine) as s:
        ids = [_add(s, f"Wang {i}", phone=f"+86138001380{i:02d}") for i in range(3)]
        gone = repo.get_contact(s, ids[1])
        assert gone is not None
        gone.status = "merged"
        s.add(gone)
    with session_scope(engine) as s:
        rows = repo.match_values(s, set(ids), ("name", "phone"), exclude_id=ids[2])
        assert rows == [(ids[0], {"name": "Wang 0", "phone": "+8613800138000"})]  # decrypted
        assert repo.match_values(s, {ids[2]}, ("name",), exclude_id=ids[2]) == []


def test_not_duplicate_of_reads_either_side_of_a_pair(engine: Engine) -> None:
    with session_scope(engine) as s:
        a, b, c, d = (_add(s, f"Wang {i}") for i in range(4))
        repo.add_candidate(s, a, b, 0.9, "same_phone")
        repo.add_candidate(s, c, b, 0.9, "same_phone")
        repo.add_candidate(s, b, d, 0.9, "same_phone")
        for x, y in ((a, b), (c, b)):
            found = repo.get_candidate(s, x, y)
            assert found is not None
            found.status = "not_duplicate"
            s.add(found)
    with session_scope(engine) as s:
        assert repo.not_duplicate_of(s, b, [a, c, d]) == {a, c}  # b-d is still open
        assert repo.not_duplicate_of(s, a, [b, c]) == {b}
        assert repo.not_duplicate_of(s, a, []) == set()


def test_contacts_by_ids_reads_active_ones_only(engine: Engine) -> None:
    with session_scope(engine) as s:
        ids = [_add(s, f"Wang {i}", company="Acme") for i in range(3)]
        gone = repo.get_contact(s, ids[1])
        assert gone is not None
        gone.status = "merged"  # its keys not yet removed: the status still counts
        s.add(gone)
    with session_scope(engine) as s:
        found = repo.contacts_by_ids(s, set(ids), exclude_id=ids[2])
        assert [c.id for c in found] == [ids[0]]
        assert repo.contacts_by_ids(s, {ids[2]}, exclude_id=ids[2]) == []


def test_a_duplicate_check_reads_keys_by_index_and_contacts_by_primary_key(
    engine: Engine,
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("the query plan checked is SQLite's")
    with session_scope(engine) as s:
        cid = _add(s, "Wang Wei", company="Acme")
        repo.set_contact_keys(s, cid, {"c:acme|wang", "p:+861"})

    def check(s: Session) -> object:
        blocks = repo.key_blocks(s, {"c:acme|wang", "p:+861"}, per_key=200, small=32)
        ids = {i for ids in blocks.values() for i in ids}
        return repo.match_values(s, ids, ("name", "phone"))

    plans = _select_plans(engine, check)
    assert len(plans) == 2, plans
    assert plans[0].count("COVERING INDEX ix_contactkey_key_contact") == 2, plans  # no rows
    assert "SEARCH contact " not in plans[0], plans
    assert "PRIMARY KEY" in plans[1] and "ix_contact_status" not in plans[1], plans


def test_the_card_photo_expiry_reads_only_contacts_with_a_card(engine: Engine) -> None:
    """The hourly expiry and its check of which photos are still used: a full scan of 10^6
    contacts held SQLite's write lock for 2 s, so each reads a partial index of the contacts
    that have a card photo."""
    if engine.dialect.name != "sqlite":
        pytest.skip("the query plan checked is SQLite's")
    with session_scope(engine) as s:
        _add(s, "No Card")
        with_card = repo.get_contact(s, _add(s, "With Card"))
        assert with_card is not None
        with_card.card_path = "cards/2026/12/a.jpg"
        with_card.created_at = datetime(2026, 1, 1, tzinfo=UTC)
        s.add(with_card)
    found: list[object] = []
    plans = _select_plans(
        engine,
        lambda s: found.extend(
            (
                [
                    c.name
                    for c in repo.contacts_with_cards_before(s, datetime(2026, 6, 1, tzinfo=UTC))
                ],
                repo.referenced_card_paths(s, ["cards/2026/12/a.jpg", "cards/2026/12/b.jpg"]),
            )
        ),
    )
    assert found == [["With Card"], {"cards/2026/12/a.jpg"}]
    assert "ix_contact_card_created" in plans[0] and "SCAN contact" not in plans[0], plans
    assert "ix_contact_card_path" in plans[1] and "SCAN contact" not in plans[1], plans
