"""The reminder sweep and the managers' figures, against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, col, select

from bot import contacts, flow, registry
from bot.config import Settings, load_settings
from bot.core import Actor, Core
from bot.customers import collect_stats, confirm_buttons, sweep
from bot.i18n import t
from bot.replies import Reply
from storage.models import (
    AuditEvent,
    Contact,
    DuplicateCandidate,
    Reminder,
    User,
    utcnow,
)
from tests.bot.conftest import MANAGER

# 10:30 in Shanghai, 03:30 in Berlin, 21:30 (the evening before) in New York
NOW = datetime(2026, 11, 2, 2, 30, tzinfo=UTC)
SHANGHAI_PHONE = "+8613800138000"
BERLIN_PHONE = "+4915112345678"
OWNER = 1


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(
        _env_file=None, capture_data_dir=tmp_path, capture_secret_key="x" * 32,
        confirm_interval="180d", reminder_followups="3d,7d", server_timezone="",
    )  # fmt: skip


def _add(engine: Engine, *rows: object) -> None:
    with Session(engine) as session:
        for row in rows:
            session.add(row)
            session.flush()
        session.commit()


def _customer(contact_id: int, user_id: int | None, phone: str, *, status: str = "active",
              owner: int | None = OWNER) -> Contact:  # fmt: skip
    return Contact(
        id=contact_id, name=f"Customer {contact_id}", company="ACME", phone=phone,
        status=status, owner_id=owner, customer_user_id=user_id, source="self",
    )  # fmt: skip


def _due(contact_id: int, user_id: int, minutes_ago: int, *, stage: int = 0,
         state: str = "active") -> Reminder:  # fmt: skip
    return Reminder(
        contact_id=contact_id, user_id=user_id, state=state, stage=stage,
        due_at=NOW - timedelta(minutes=minutes_ago),
    )  # fmt: skip


def test_the_sweep_asks_holds_follows_up_marks_stale_and_drops(
    engine: Engine, settings: Settings
) -> None:
    _add(
        engine,
        User(id=OWNER, first_name="Rep", role="rep", language="en"),
        User(id=11, first_name="A", role="customer", language_code="zh"),
        User(id=12, first_name="B", role="customer", language_code="en"),
        User(id=13, first_name="C", role="customer", timezone="America/New_York"),
        User(id=17, first_name="G", role="customer", language="en", language_code="zh"),
        _customer(1, 11, SHANGHAI_PHONE),  # asked (daytime in Shanghai)
        _customer(2, 12, BERLIN_PHONE),  # night in Berlin: held for 09:00 there
        _customer(3, 13, SHANGHAI_PHONE),  # own zone New York wins over the phone's: held
        _customer(4, 12, SHANGHAI_PHONE),  # no answer after every follow-up: stale, owner told
        _customer(5, 11, SHANGHAI_PHONE, status="merged"),  # reminder dropped
        _customer(6, 99, SHANGHAI_PHONE),  # its user is gone: reminder dropped
        _customer(7, 17, SHANGHAI_PHONE),  # a follow-up
        _customer(8, 11, SHANGHAI_PHONE),  # not due yet
        _customer(9, 11, SHANGHAI_PHONE),  # stopped
        _customer(10, 17, SHANGHAI_PHONE, owner=None),  # stale, nobody to tell
        _customer(11, 11, SHANGHAI_PHONE, owner=42),  # stale, its owner is not a user
        _due(1, 11, 90),
        _due(2, 12, 80),
        _due(3, 13, 70),
        _due(4, 12, 60, stage=3),
        _due(5, 11, 50),
        _due(6, 99, 45),
        _due(7, 17, 40, stage=1),
        Reminder(contact_id=8, user_id=11, due_at=NOW + timedelta(minutes=1)),
        _due(9, 11, 30, state="stopped"),
        _due(10, 17, 20, stage=3),
        _due(11, 11, 10, stage=3),
    )
    with Session(engine) as session:
        before = {c.id: contacts.values_of(c, registry.current().customer) for c in
                  session.exec(select(Contact))}  # fmt: skip

    result = sweep(engine, settings, now=NOW)

    assert result.claimed == 9

    def ask(user: int, contact: int, lang: str, key: str) -> tuple[int, Reply]:
        body = flow.summary_text(before[contact], lang, settings.default_region, customer=True)
        return (user, Reply(t(lang, key) + "\n\n" + body, confirm_buttons(lang, contact)))

    stale_4 = t("en", "reminder.owner_stale", id=4, name="Customer 4")
    assert result.messages == [
        ask(11, 1, "zh", "reminder.ask"),
        (OWNER, Reply(stale_4)),
        ask(17, 7, "en", "reminder.followup"),
    ]
    with Session(engine) as session:
        reminders = {r.contact_id: r for r in session.exec(select(Reminder))}
        stale = {c.id for c in session.exec(select(Contact).where(col(Contact.stale)))}
        audited = sorted(
            e.contact_id for e in session.exec(select(AuditEvent)) if e.action == "stale"
        )
    assert set(reminders) == {1, 2, 3, 4, 7, 8, 9, 10, 11}
    shanghai = (reminders[1].due_at, reminders[1].stage, reminders[1].last_sent_at)
    assert shanghai == (NOW + timedelta(days=3), 1, NOW)
    assert (reminders[2].due_at, reminders[2].stage) == (datetime(2026, 11, 2, 8, tzinfo=UTC), 0)
    assert (reminders[3].due_at, reminders[3].stage) == (datetime(2026, 11, 2, 14, tzinfo=UTC), 0)
    assert reminders[2].last_sent_at is None and reminders[3].last_sent_at is None
    for stale_id in (4, 10, 11):
        assert (reminders[stale_id].due_at, reminders[stale_id].stage) == (
            NOW + timedelta(days=180), 0,
        )  # fmt: skip
    assert (reminders[7].due_at, reminders[7].stage) == (NOW + timedelta(days=7), 2)
    assert reminders[8].due_at == NOW + timedelta(minutes=1)
    assert reminders[9].state == "stopped" and reminders[9].due_at == NOW - timedelta(minutes=30)
    assert stale == {4, 10, 11}
    assert audited == [4, 10, 11]

    assert sweep(engine, settings, now=NOW).claimed == 0  # every due time moved forward


def test_the_sweep_opens_fields_only_as_needed_and_keeps_what_it_does_not_change(
    engine: Engine, settings: Settings
) -> None:
    """Paths of the row-based sweep the first test does not walk: a zone of one's own that names
    no zone (the phone's then), an ask whose phone the zone did not need (own zone), a hold that
    keeps the previous message's time, a reminder whose contact row is gone, a full batch."""
    sent_before = NOW - timedelta(days=3)
    _add(
        engine,
        User(id=21, first_name="D", role="customer", language="en", timezone="Mars/Base"),
        User(id=22, first_name="E", role="customer", language="en", timezone="Asia/Shanghai"),
        User(id=23, first_name="F", role="customer", language="en"),
        Contact(id=1, name="Dee", phone=SHANGHAI_PHONE, source="self", customer_user_id=21),
        Contact(id=2, name="Eve", phone=BERLIN_PHONE + ";ext=12", email="eve@example.com",
                address="1 Road", title="CEO", source="self", customer_user_id=22),
        Contact(id=3, name="Fay", phone=BERLIN_PHONE, source="self", customer_user_id=23),
        _due(1, 21, 50),  # Mars/Base is no zone: Shanghai's daytime, from the phone: asked
        _due(2, 22, 40),  # own zone Shanghai: asked, though it is night at the Berlin number
        Reminder(contact_id=3, user_id=23, stage=1, last_sent_at=sent_before,
                 due_at=NOW - timedelta(minutes=30)),  # night in Berlin: held, keeps its stage
        _due(4, 23, 20),  # no contact 4: dropped
    )  # fmt: skip

    result = sweep(engine, settings, now=NOW)

    assert result.claimed == 4
    eve = {"name": "Eve", "phone": BERLIN_PHONE + ";ext=12", "email": "eve@example.com",
           "title": "CEO", "address": "1 Road"}  # fmt: skip
    body = flow.summary_text(eve, "en", settings.default_region, customer=True)
    assert "+49 1511 2345678 ext. 12" in body and "eve@example.com" in body
    dee = flow.summary_text({"name": "Dee", "phone": SHANGHAI_PHONE}, "en",
                            settings.default_region, customer=True)  # fmt: skip
    assert result.messages == [
        (21, Reply(t("en", "reminder.ask") + "\n\n" + dee, confirm_buttons("en", 1))),
        (22, Reply(t("en", "reminder.ask") + "\n\n" + body, confirm_buttons("en", 2))),
    ]
    with Session(engine) as session:
        reminders = {r.contact_id: r for r in session.exec(select(Reminder))}
        fay = session.get(Contact, 3)
    assert set(reminders) == {1, 2, 3}
    assert (reminders[1].stage, reminders[1].last_sent_at) == (1, NOW)
    held = reminders[3]
    assert (held.due_at, held.stage, held.last_sent_at) == (
        datetime(2026, 11, 2, 8, tzinfo=UTC), 1, sent_before,
    )  # fmt: skip
    assert fay is not None and fay.phone == BERLIN_PHONE and not fay.stale


def test_without_follow_ups_the_sweep_asks_every_interval(tmp_path: Path, engine: Engine) -> None:
    """No REMINDER_FOLLOWUPS: every ask starts the next interval at stage 0 (not a stale mark)."""
    settings = load_settings(
        _env_file=None, capture_data_dir=tmp_path, capture_secret_key="x" * 32,
        confirm_interval="180d", reminder_followups="", server_timezone="",
    )  # fmt: skip
    _add(
        engine,
        User(id=OWNER, first_name="Rep", role="rep", language="en"),
        User(id=51, first_name="I", role="customer", language="en"),
        _customer(1, 51, SHANGHAI_PHONE),
        _due(1, 51, 5, stage=0),
    )

    result = sweep(engine, settings, now=NOW)

    body = flow.summary_text({"name": "Customer 1", "company": "ACME", "phone": SHANGHAI_PHONE},
                             "en", settings.default_region, customer=True)  # fmt: skip
    assert result.messages == [
        (51, Reply(t("en", "reminder.ask") + "\n\n" + body, confirm_buttons("en", 1)))
    ]
    with Session(engine) as session:
        reminder = session.get(Reminder, 1)
        contact = session.get(Contact, 1)
    assert reminder is not None and contact is not None
    assert (reminder.due_at, reminder.stage, reminder.last_sent_at) == (
        NOW + timedelta(days=180), 0, NOW,
    )  # fmt: skip
    assert not contact.stale


def test_a_sweep_claims_one_batch_earliest_first(engine: Engine, settings: Settings) -> None:
    from bot.customers import SWEEP_BATCH

    count = SWEEP_BATCH + 3
    rows: list[object] = [User(id=31, first_name="G", role="customer", language="en")]
    for i in range(1, count + 1):
        rows.append(Contact(id=i, name=f"C{i}", phone=SHANGHAI_PHONE, source="self"))
        rows.append(_due(i, 31, count + 1 - i))  # contact 1 is the longest overdue
    _add(engine, *rows)

    first = sweep(engine, settings, now=NOW)
    assert first.claimed == SWEEP_BATCH
    assert [m[1].buttons[0][0].arg for m in first.messages][:2] == ["1", "2"]
    second = sweep(engine, settings, now=NOW)
    assert second.claimed == 3
    assert [m[1].buttons[0][0].arg for m in second.messages] == [
        str(i) for i in range(SWEEP_BATCH + 1, count + 1)
    ]


def test_a_second_instance_skips_the_reminders_another_has_claimed(
    engine: Engine, settings: Settings
) -> None:
    """PostgreSQL: the claim (joined with contacts and users) locks only reminder rows, and skips
    the ones another transaction holds instead of waiting for them or taking them twice."""
    if engine.dialect.name != "postgresql":
        pytest.skip("row locks and SKIP LOCKED are PostgreSQL's; SQLite has one writer")
    rows: list[object] = [User(id=41, first_name="H", role="customer", language="en")]
    for i in range(1, 5):
        rows.append(Contact(id=i, name=f"C{i}", phone=SHANGHAI_PHONE, source="self"))
        rows.append(_due(i, 41, 10 * i))
    _add(engine, *rows)

    with engine.connect() as other:
        other.execute(text("SELECT contact_id FROM reminder WHERE contact_id IN (1, 2) FOR UPDATE"))
        busy = sweep(engine, settings, now=NOW)
        other.rollback()
    assert busy.claimed == 2
    assert sorted(m[1].buttons[0][0].arg for m in busy.messages) == ["3", "4"]
    later = sweep(engine, settings, now=NOW)
    assert sorted(m[1].buttons[0][0].arg for m in later.messages) == ["1", "2"]


def test_stats_are_counted_exactly(engine: Engine, settings: Settings) -> None:
    recent = utcnow() - timedelta(days=10)  # within CONFIRM_INTERVAL of the real clock
    old = utcnow() - timedelta(days=400)
    _add(
        engine,
        Contact(name="a", phone="+8613800138000", email="a@example.com", company="X",
                source="card", customer_user_id=5, last_confirmed_at=recent),
        Contact(name="b", phone="+8613800138001", title="CEO", address="1 Road",
                source="card", customer_user_id=6, last_confirmed_at=old, stale=True),
        Contact(name="c", email="c@example.com", source="manual"),
        Contact(name="d", source="import", stale=True),
        Contact(name="merged", phone="+8613800138002", email="m@example.com", source="card",
                status="merged", customer_user_id=7, last_confirmed_at=recent, stale=True),
        Contact(name="", source="self", status="erased"),
        Reminder(contact_id=1, user_id=5, due_at=NOW, state="unreachable"),
        Reminder(contact_id=2, user_id=6, due_at=NOW, state="active"),
        Reminder(contact_id=5, user_id=7, due_at=NOW, state="unreachable"),
        DuplicateCandidate(a_id=1, b_id=2, score=0.9, reasons="phone"),
        DuplicateCandidate(a_id=1, b_id=3, score=0.9, reasons="name", status="not_duplicate"),
        DuplicateCandidate(a_id=2, b_id=3, score=0.9, reasons="name"),
    )  # fmt: skip

    assert collect_stats(engine, settings) == {
        "total": 4,
        "by_source": {"card": 2, "manual": 1, "import": 1},
        "completeness": {
            "phone": 50,
            "email": 50,
            "wechat": 0,
            "company": 25,
            "title": 25,
            "website": 0,
            "address": 25,
        },
        "customers": {"linked": 2, "confirmed": 1, "stale": 2, "unreachable": 2},
        "open_duplicates": 2,
    }


def test_stats_of_an_empty_database(engine: Engine, settings: Settings) -> None:
    assert collect_stats(engine, settings) == {
        "total": 0, "by_source": {},
        "completeness": {
            "phone": 0, "email": 0, "wechat": 0, "company": 0, "title": 0, "website": 0,
            "address": 0,
        },
        "customers": {"linked": 0, "confirmed": 0, "stale": 0, "unreachable": 0},
        "open_duplicates": 0,
    }  # fmt: skip


def test_stats_are_counted_after_the_update_commits_so_others_can_write_meanwhile(
    sqlite_core: Core, writable_during: Callable[[Engine, str], list[bool]]
) -> None:
    """At 10^6 contacts the count takes most of a second; SQLite's writer must be free then."""
    boss = Actor(MANAGER, "Boss", None, "en")
    writable = writable_during(sqlite_core.engine, "GROUP BY")
    outcome = sqlite_core.handle(boss, flow.Command("stats"), update_id=7)
    assert "0 active contacts" in outcome.replies[-1].text and outcome.after_commit is None
    assert writable == [True, True, True]  # the counts, the chart's weeks, the duplicates
    again = sqlite_core.handle(boss, flow.Command("stats"), update_id=7)
    assert again.replies == []  # a redelivered update is still answered once
