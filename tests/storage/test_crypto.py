"""Encryption at rest: tokens, tampering, rotation, blind indexes, and the column types in use.

The column types run against a real SQLite file and a PostgreSQL database of this module's own
(`capture_crypto_<random>`, dropped afterwards); the probe tables live on a private registry so
they never join SQLModel.metadata (which other tests create and truncate).
"""

from __future__ import annotations

import base64
import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Column, Engine, Integer, MetaData, Table, create_engine, select, text
from sqlalchemy.orm import registry
from sqlmodel import Field, Session, SQLModel

from storage import crypto
from storage.crypto import (
    DecryptionError,
    EncryptedJSON,
    EncryptedText,
    Keyring,
    KeyringNotConfigured,
    is_encrypted,
)

SECRET = b"test-secret-key-for-signing-buttons"
OTHER = b"another-secret-key-0123456789abcdef"
PHONE = "+8613800138000"
EMAIL = "wei.wang@example.cn"
TOKEN = re.compile(r"e1\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]+")
POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@pytest.fixture
def ring(monkeypatch: pytest.MonkeyPatch) -> Keyring:
    """The process-wide keyring for this test only (restored afterwards)."""
    keyring = Keyring(SECRET)
    monkeypatch.setattr(crypto, "_current", keyring)
    return keyring


def _flip(token: str, position: int) -> str:
    prefix, body = token.rsplit(".", 1)
    raw = bytearray(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    raw[position] ^= 0x01
    return f"{prefix}.{base64.urlsafe_b64encode(bytes(raw)).rstrip(b'=').decode()}"


# --- Keyring ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "plain",
    [
        "",
        PHONE,
        EMAIL,
        "王伟 · 北京市朝阳区建国路88号 SOHO现代城",
        "Zoë Ørsted — naïve café 👍🏽 \u200d\x00 tab\tnewline\n",
        "long note " * 20_000,
    ],
    ids=["empty", "phone", "email", "chinese", "unicode", "long"],
)
def test_round_trip(plain: str) -> None:
    ring = Keyring(SECRET)
    token = ring.encrypt(plain)
    assert TOKEN.fullmatch(token) and is_encrypted(token)
    assert token.startswith(f"e1.{ring.key_id}.")
    assert ring.decrypt(token) == plain
    assert ring.encrypt(plain) != token  # random nonce: equal values do not look equal


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_any_text_round_trips(plain: str) -> None:
    ring = Keyring(SECRET)
    assert ring.decrypt(ring.encrypt(plain)) == plain


def test_token_is_compact() -> None:
    token = Keyring(SECRET).encrypt(PHONE)
    # prefix 12 + base64url(12 nonce + 14 bytes + 16 tag) = 56 characters for a phone number
    assert len(token) == 12 + len(
        base64.urlsafe_b64encode(bytes(12 + len(PHONE) + 16)).rstrip(b"=")
    )


@pytest.mark.parametrize("position", [0, 11, 12, 20, -1])  # nonce, ciphertext, tag
def test_a_flipped_byte_is_detected(position: int) -> None:
    ring = Keyring(SECRET)
    with pytest.raises(DecryptionError, match="tampered"):
        ring.decrypt(_flip(ring.encrypt(PHONE), position))


def test_an_unknown_key_id_is_refused() -> None:
    ring = Keyring(SECRET)
    token = ring.encrypt(PHONE)
    forged = token.replace(ring.key_id, "AAAAAAAA", 1)
    with pytest.raises(DecryptionError, match="unknown key 'AAAAAAAA'"):
        ring.decrypt(forged)
    with pytest.raises(DecryptionError, match="unknown key"):
        Keyring(OTHER).decrypt(token)


def test_the_prefix_is_authenticated() -> None:
    """Both keys are known, so only the associated data can tell the swap."""
    ring = Keyring(SECRET, previous=[OTHER])
    new, old = ring.encrypt(PHONE), ring.previous[0].encrypt(EMAIL)
    assert new.split(".")[1] != old.split(".")[1]
    new_prefix, new_body = new.rsplit(".", 1)
    old_prefix, old_body = old.rsplit(".", 1)
    for swapped in (f"{old_prefix}.{new_body}", f"{new_prefix}.{old_body}"):
        with pytest.raises(DecryptionError, match="failed authentication"):
            ring.decrypt(swapped)


@pytest.mark.parametrize("cut", [1, 10, 30])
def test_truncated_tokens_are_refused_not_shown(cut: int) -> None:
    ring = Keyring(SECRET)
    with pytest.raises(DecryptionError):
        ring.decrypt(ring.encrypt(PHONE)[:-cut])


def test_legacy_plaintext_reads_until_it_is_forbidden() -> None:
    assert not is_encrypted(PHONE) and not is_encrypted(None) and not is_encrypted("e1.x.y")
    assert Keyring(SECRET).decrypt(PHONE) == PHONE
    assert Keyring(SECRET).decrypt("e1. opening note") == "e1. opening note"
    strict = Keyring(SECRET, allow_legacy=False)
    with pytest.raises(DecryptionError, match="plaintext"):
        strict.decrypt(PHONE)
    assert strict.decrypt(strict.encrypt(PHONE)) == PHONE


def test_secrets_are_checked_and_never_shown() -> None:
    with pytest.raises(ValueError, match="at least 16 bytes"):
        Keyring(b"short")
    ring = Keyring(SECRET.decode())  # str is accepted too
    assert ring.key_id == Keyring(SECRET).key_id
    assert ring.key_id != Keyring(OTHER).key_id
    assert ring.key_id not in SECRET.decode() and SECRET.decode() not in repr(ring)
    assert len(ring.button_key) == 32 and ring.button_key not in (SECRET, Keyring(OTHER).button_key)


def test_rotation() -> None:
    old = Keyring(OTHER)
    old_token = old.encrypt(PHONE)
    rotated = Keyring(SECRET, previous=[OTHER])
    assert rotated.decrypt(old_token) == PHONE  # old tokens still open
    assert rotated.needs_rotation(old_token) and rotated.needs_rotation(PHONE)
    new_token = rotated.reencrypt(old_token)
    assert new_token.split(".")[1] == rotated.key_id != old.key_id
    assert not rotated.needs_rotation(new_token) and not rotated.needs_rotation(None)
    assert rotated.reencrypt(PHONE).split(".")[1] == rotated.key_id  # legacy gets sealed too
    assert Keyring(SECRET).decrypt(new_token) == PHONE  # the old secret can now go
    with pytest.raises(DecryptionError, match="unknown key"):
        Keyring(SECRET).decrypt(old_token)
    with pytest.raises(DecryptionError, match="unknown key"):
        old.decrypt(new_token)


def test_blind_index_is_stable_keyed_and_separate() -> None:
    ring = Keyring(SECRET)
    index = ring.blind_index(PHONE)
    assert (
        index == Keyring(SECRET).blind_index(PHONE) == Keyring(SECRET, [OTHER]).blind_index(PHONE)
    )
    assert len(base64.urlsafe_b64decode(index + "==")) * 8 >= 128
    assert index != ring.blind_index("+8613800138001")
    assert index != Keyring(OTHER).blind_index(PHONE)  # keyed: a new secret, new indexes
    assert index not in ring.audit_mac(PHONE.encode())  # separate subkeys per purpose


def test_current_needs_configure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crypto, "_current", None)
    with pytest.raises(KeyringNotConfigured, match="CAPTURE_SECRET_KEY"):
        crypto.current()
    ring = crypto.configure(SECRET, previous=[OTHER])
    assert crypto.current() is ring and ring.previous[0].key_id == Keyring(OTHER).key_id


# --- the column types on real databases -------------------------------------------------------


class _Probe(SQLModel, registry=registry()):
    """A private metadata: SQLModel.metadata is what the shared fixtures create and truncate."""


class Person(_Probe, table=True):
    __tablename__ = "crypto_person"

    id: int | None = Field(default=None, primary_key=True)
    name: str = ""
    phone: str | None = Field(default=None, sa_column=Column(EncryptedText, nullable=True))
    email: str | None = Field(default=None, sa_column=Column(EncryptedText, nullable=True))
    state: Any = Field(default=None, sa_column=Column(EncryptedJSON, nullable=True))


def _postgres_problem() -> str | None:
    try:
        engine = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
    except Exception as exc:
        return f"PostgreSQL not reachable at {POSTGRES_URL}: {type(exc).__name__}: {exc}"[:300]
    return None


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    problem = _postgres_problem()
    if problem:
        pytest.skip(problem)
    name = f"capture_crypto_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path, ring: Keyring) -> Iterator[Engine]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'crypto.db'}"  # no WAL: the file alone holds the data
    else:
        url = request.getfixturevalue("pg_url")
    engine = create_engine(url)
    _Probe.metadata.drop_all(engine)
    _Probe.metadata.create_all(engine)
    yield engine
    _Probe.metadata.drop_all(engine)
    engine.dispose()


def _add(engine: Engine, **values: Any) -> int:
    with Session(engine) as s:
        person = Person(**values)
        s.add(person)
        s.commit()
        assert person.id is not None
        return person.id


def test_columns_hold_no_plaintext_and_read_back(db: Engine, ring: Keyring) -> None:
    state = {"step": "phone", "draft": {"name": "王伟", "phone": PHONE}, "rev": 3}
    note = "电话 " + PHONE
    pid = _add(db, name="Wang", phone=PHONE, email=EMAIL, state=state)
    other = _add(db, name="Nobody")  # None stays NULL
    with db.connect() as conn:
        raw = conn.execute(
            text("select phone, email, state from crypto_person where id = :id"), {"id": pid}
        ).one()
        empty = conn.execute(
            text("select phone, email, state from crypto_person where id = :id"), {"id": other}
        ).one()
    assert all(TOKEN.fullmatch(v) and v.split(".")[1] == ring.key_id for v in raw)
    dump = " ".join(raw)
    assert PHONE not in dump and "13800138000" not in dump and EMAIL not in dump
    assert "王伟" not in dump and note not in dump
    assert tuple(empty) == (None, None, None)
    with Session(db) as s:
        person = s.get(Person, pid)
        assert person is not None
        assert (person.phone, person.email, person.state) == (PHONE, EMAIL, state)
        assert (s.get(Person, other).phone, s.get(Person, other).state) == (None, None)  # type: ignore[union-attr]
        person.email = "new@example.com"
        s.add(person)
        s.commit()
    with Session(db) as s:
        assert s.get(Person, pid).email == "new@example.com"  # type: ignore[union-attr]


def test_a_copy_of_the_sqlite_file_shows_no_phone_or_email(tmp_path: Path, ring: Keyring) -> None:
    path = tmp_path / "copy.db"
    engine = create_engine(f"sqlite:///{path}")
    _Probe.metadata.create_all(engine)
    with Session(engine) as s:
        for i in range(50):
            s.add(Person(name=f"P{i}", phone=f"+86138001380{i:02d}", email=f"p{i}@example.com"))
        s.commit()
    engine.dispose()
    data = path.read_bytes()
    assert b"13800138" not in data and b"@example.com" not in data
    assert "13800138".encode("utf-16-le") not in data and b"P49" in data  # names are not sealed


def test_legacy_plaintext_rows_still_read(db: Engine, ring: Keyring) -> None:
    with db.begin() as conn:
        conn.execute(
            text("insert into crypto_person (name, phone, email, state) values ('L', :p, :e, :s)"),
            {"p": PHONE, "e": EMAIL, "s": '{"step": "name", "rev": 1}'},
        )
    with Session(db) as s:
        person = s.scalars(select(Person)).one()
        assert (person.phone, person.email, person.state) == (
            PHONE,
            EMAIL,
            {"step": "name", "rev": 1},
        )


def test_legacy_native_json_column_still_reads(db: Engine, ring: Keyring) -> None:
    """Before its migration to text, a PostgreSQL json column comes back already parsed."""
    native = "json" if db.dialect.name == "postgresql" else "text"
    with db.begin() as conn:
        conn.execute(text(f"create table crypto_legacy (id integer primary key, v {native})"))
        conn.execute(
            text("insert into crypto_legacy values (1, :a), (2, :b), (3, :c), (4, null)"),
            {"a": '{"step": "email", "draft": {"name": "李"}}', "b": "[1, 2]", "c": '"bare"'},
        )
    table = Table("crypto_legacy", MetaData(), Column("id", Integer), Column("v", EncryptedJSON))
    try:
        with db.connect() as conn:
            values = conn.execute(select(table.c.v).order_by(table.c.id)).scalars().all()
        assert values == [{"step": "email", "draft": {"name": "李"}}, [1, 2], "bare", None]
    finally:
        with db.begin() as conn:
            conn.execute(text("drop table crypto_legacy"))


def test_rotation_through_the_database(db: Engine) -> None:
    pid = _add(db, name="R", phone=PHONE, email=EMAIL, state={"a": [1]})
    rotated = crypto.configure(OTHER, previous=[SECRET])
    with Session(db) as s:  # readable with the old key as a previous one
        assert s.get(Person, pid).phone == PHONE  # type: ignore[union-attr]
    with db.begin() as conn:  # what rotate-key does, per column, on the raw text
        rows = conn.execute(text("select id, phone, email, state from crypto_person")).all()
        for row_id, *values in rows:
            new = [rotated.reencrypt(v) if rotated.needs_rotation(v) else v for v in values]
            conn.execute(
                text("update crypto_person set phone=:p, email=:e, state=:s where id=:id"),
                {"p": new[0], "e": new[1], "s": new[2], "id": row_id},
            )
    crypto.configure(OTHER)  # the old secret is gone
    with Session(db) as s:
        person = s.get(Person, pid)
        assert person is not None and (person.phone, person.email, person.state) == (
            PHONE,
            EMAIL,
            {"a": [1]},
        )
    with db.connect() as conn:
        raw = conn.execute(text("select phone from crypto_person")).scalar_one()
    assert raw.split(".")[1] == rotated.key_id


def test_comparing_an_encrypted_column_with_a_value_fails_loudly(db: Engine) -> None:
    _add(db, name="Q", phone=PHONE)
    _add(db, name="N")
    phone: Any = Person.phone
    for compare in (
        lambda: phone == PHONE,
        lambda: phone != PHONE,
        lambda: phone.in_([PHONE]),
        lambda: phone.like("%138%"),
        lambda: phone.startswith("+86"),
        lambda: PHONE == phone,  # noqa: SIM300  (the reflected operator)
    ):
        with pytest.raises(TypeError, match="blind index"):
            compare()
    with Session(db) as s:  # NULL checks still work
        assert [p.name for p in s.scalars(select(Person).where(phone.is_(None)))] == ["N"]
        assert [p.name for p in s.scalars(select(Person).where(phone == None))] == ["N"]  # noqa: E711
        assert [p.name for p in s.scalars(select(Person).where(phone.is_not(None)))] == ["Q"]


def test_columns_without_a_keyring_fail_loudly(db: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crypto, "_current", None)
    with pytest.raises(Exception, match="CAPTURE_SECRET_KEY"):
        _add(db, name="X", phone=PHONE)
