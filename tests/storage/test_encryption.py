"""Personal data sealed at rest, the audit chain, and key rotation, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from bot import contacts
from bot.rotation import rotate_key
from storage import crypto, repo
from storage.db import session_scope
from tests.conftest import TEST_SECRET

PHONE, EMAIL = "+8613800138000", "wang.wei@example.cn"


def seed(engine: Engine) -> int:
    with session_scope(engine) as s:
        contact = contacts.create(
            s, {"name": "Wang Wei", "phone": PHONE, "email": EMAIL, "company": "Acme",
                "address": "88 Century Ave, Shanghai", "notes": "met at the fair"},
            owner_id=7, source="manual", actor_id=7,
        )  # fmt: skip
        repo.update_contact(s, contact, {"phone": "+8613900139000"}, actor_id=7)
        repo.save_conversation(s, 7, {"draft": {"phone": "+8613700137000", "email": EMAIL}})
        return contact.id or 0


def test_a_copy_of_the_sqlite_file_shows_no_phone_and_no_email(tmp_path: Path) -> None:
    from storage.db import make_engine, migrate

    engine = make_engine(f"sqlite:///{tmp_path / 'c.db'}")
    migrate(engine)
    seed(engine)
    engine.dispose()  # checkpoint the WAL into the file
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    for secret in (PHONE, "8613800138000", "8613900139000", "8613700137000", EMAIL, "Century"):
        assert secret.encode() not in raw, secret
    assert b"Wang Wei" in raw  # names are not sealed (search needs them), phones and emails are


def test_exact_lookups_go_through_blind_indexes(engine: Engine) -> None:
    cid = seed(engine)
    with session_scope(engine) as s:
        raw = s.execute(text("SELECT phone, email FROM contact")).one()
        assert raw[0].startswith("e1.") and raw[1].startswith("e1.")
        assert [c.id for c in repo.active_contacts_with_phone(s, "+8613900139000")] == [cid]
        assert [c.id for c in repo.search_contacts(s, EMAIL.upper(), owner_id=None)] == [cid]
        found = contacts.find_duplicates(s, {"name": "Wei Wang", "email": EMAIL}, threshold=0.8)
        assert [c.id for c, _ in found] == [cid]


def test_the_audit_chain_catches_an_edited_or_deleted_row(engine: Engine) -> None:
    seed(engine)
    with session_scope(engine) as s:
        assert repo.verify_audit(s).ok
        count = repo.verify_audit(s).rows_checked
        assert count >= 2
    with session_scope(engine) as s:
        s.execute(text("UPDATE auditevent SET actor_id = 666 WHERE id = 2"))
    with session_scope(engine) as s:
        result = repo.verify_audit(s)
        assert not result.ok and result.broken_id == 2 and "edited" in result.reason
        s.execute(text("UPDATE auditevent SET actor_id = 7 WHERE id = 2"))
        assert repo.verify_audit(s).ok
        s.execute(text("DELETE FROM auditevent WHERE id = 1"))
        result = repo.verify_audit(s)
        assert not result.ok and result.broken_id == 2 and "deleted" in result.reason


@pytest.fixture
def restore_test_key() -> Iterator[None]:
    yield
    crypto.configure(TEST_SECRET.encode())


def test_rotate_key_moves_everything_to_the_new_key(engine: Engine, restore_test_key: None) -> None:
    cid = seed(engine)
    new = b"a-brand-new-secret-key-for-rotation"
    counts = rotate_key(engine, old=TEST_SECRET.encode(), new=new)
    assert counts["values"] >= 6 and counts["events"] >= 2
    crypto.configure(new)  # the old key is gone
    with session_scope(engine) as s:
        assert repo.get_contact(s, cid).email == EMAIL
        assert [c.id for c in repo.active_contacts_with_phone(s, "+8613900139000")] == [cid]
        found = contacts.find_duplicates(s, {"name": "Wang Wei", "email": EMAIL}, threshold=0.8)
        assert [c.id for c, _ in found] == [cid]
        assert repo.load_conversation(s, 7)["draft"]["phone"] == "+8613700137000"
        assert repo.verify_audit(s).ok
        token = s.execute(text("SELECT phone FROM contact")).scalar_one()
    with pytest.raises(crypto.DecryptionError):
        crypto.Keyring(TEST_SECRET.encode()).decrypt(token)
