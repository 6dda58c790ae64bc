"""Outbound hooks against a local receiver that fails, times out, and answers 500 then 200."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import col, select

from bot import contacts, flow, hooks
from bot.config import Settings, load_settings
from bot.core import Actor, Core
from bot.customers import erase_person
from storage import repo
from storage.db import session_scope
from storage.models import HookEvent
from tests.bot.conftest import REP, VALUES, add_contact
from tests.conftest import Receiver

SECRET = "hook-secret-for-the-tests"
ADMIN = 1


def hook_settings(tmp_path: Path, *targets: str, **more: object) -> Settings:
    values = {"hook_backoff_seconds": 0.05, "hook_timeout": 0.5, "hook_max_attempts": 3, **more}
    return load_settings(
        capture_data_dir=tmp_path, capture_secret_key="k" * 32, hook_targets=list(targets),
        hook_secret=SECRET, **values,
    )  # fmt: skip


@pytest.fixture
def targets(receiver: Receiver) -> Iterator[list[str]]:
    hooks.configure([receiver.url])
    yield [receiver.url]
    hooks.configure([])


def sweep(engine: Engine, settings: Settings) -> list[hooks.Result]:
    async def once() -> list[hooks.Result]:
        async with httpx.AsyncClient(timeout=settings.hook_timeout) as client:
            return await hooks.deliver_due(engine, settings, client)

    return asyncio.run(once())


def events(engine: Engine) -> list[HookEvent]:
    with session_scope(engine) as s:
        return list(s.exec(select(HookEvent).order_by(col(HookEvent.id))))


def lead() -> dict[str, str]:
    return {f: v[0] for f, v in VALUES.items()}


def verified(headers: dict[str, str], body: bytes) -> bool:
    """What a receiver does with the signature header."""
    stamp, mac = (part.split("=", 1)[1] for part in headers["X-Capture-Signature"].split(","))
    good = hmac.new(SECRET.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(good, mac) and abs(time.time() - int(stamp)) < 300


def test_an_event_commits_with_its_change_or_not_at_all(core: Core, targets: list[str]) -> None:
    with pytest.raises(RuntimeError), session_scope(core.engine) as s:
        contacts.create(s, lead(), owner_id=REP, source="manual", actor_id=REP)
        raise RuntimeError("the update fails after the save")
    assert events(core.engine) == []
    contact_id = add_contact(core, lead())
    (event,) = events(core.engine)
    assert (event.event, event.contact_id) == ("contact.created", contact_id)
    assert event.state == "pending"
    assert event.payload["contact"]["phone"] == VALUES["phone"][0]


def test_500_then_200_is_delivered_once_signed_with_one_idempotency_key(
    core: Core, receiver: Receiver, targets: list[str], tmp_path: Path
) -> None:
    settings = hook_settings(tmp_path, *targets, hook_backoff_seconds=1.0)
    add_contact(core, lead())
    receiver.script = [500]
    assert [r.error for r in sweep(core.engine, settings)] == ["HTTP 500"]
    assert sweep(core.engine, settings) == []  # backing off
    time.sleep(1.0)
    assert [r.error for r in sweep(core.engine, settings)] == [None]
    (first, _, _), (second, body, _) = receiver.requests
    assert first["Idempotency-Key"] == second["Idempotency-Key"] == json.loads(body)["id"]
    assert second["X-Capture-Event"] == "contact.created" and verified(second, body)
    assert not verified({**second, "X-Capture-Signature": "t=1,v1=00"}, body)
    (event,) = events(core.engine)
    assert event.state == "sent" and event.attempts == 1 and event.sent_at is not None


def test_timeouts_back_off_then_park_and_an_admin_retries(
    core: Core, receiver: Receiver, targets: list[str], tmp_path: Path
) -> None:
    settings = hook_settings(tmp_path, *targets)
    receiver.hang_seconds = 1.0
    add_contact(core, lead())
    receiver.script = ["hang", "hang", "hang"]
    for _ in range(3):
        while not (done := sweep(core.engine, settings)):
            time.sleep(0.02)
        assert [r.error for r in done] == ["timeout"]
    (event,) = events(core.engine)
    assert event.state == "parked" and event.attempts == 3 and event.last_error == "timeout"
    waits = [hooks.backoff(settings, n).total_seconds() for n in (1, 2, 3, 30)]
    assert waits == [0.05, 0.1, 0.2, 3600]  # exponential, at most an hour
    assert sweep(core.engine, settings) == []

    with session_scope(core.engine) as s:
        repo.set_role(s, ADMIN, "admin", actor_id=None)
    admin = Actor(ADMIN, "Ada", None, "en")
    shown = core.handle(admin, flow.Command("hooks")).replies[0]
    assert "failing" in shown.text and "parked 1" in shown.text and "timeout" in shown.text
    assert "waiting 0" in shown.text and "oldest waiting" not in shown.text  # none waits
    assert "oldest parked" in shown.text
    zh = core.handle(Actor(ADMIN, "Ada", None, "zh-hans"), flow.Command("hooks")).replies[0].text
    assert "最早等待" not in zh and "最早搁置" in zh
    (button,) = [b for row in shown.buttons for b in row]
    assert button.action == "hretry" and "Retry" in button.label
    said = core.handle(admin, flow.Press(button.action, button.arg, None)).replies[0].text
    assert "1 parked event" in said
    assert [r.error for r in sweep(core.engine, settings)] == [None]
    assert events(core.engine)[0].state == "sent"
    rep = core.handle(Actor(REP, "R", None, "en"), flow.Command("hooks")).replies[0].text
    assert "does not allow" in rep


def test_a_receiver_that_is_down_fails_politely(core: Core, tmp_path: Path) -> None:
    closed = Receiver()
    closed.close()  # nothing listens there now
    hooks.configure([closed.url])
    try:
        add_contact(core, lead())
        done = sweep(core.engine, hook_settings(tmp_path, closed.url))
    finally:
        hooks.configure([])
    assert len(done) == 1 and done[0].error.startswith("no connection")


def test_each_contacts_events_arrive_in_order(
    core: Core, receiver: Receiver, targets: list[str], tmp_path: Path
) -> None:
    settings = hook_settings(tmp_path, *targets)
    first = add_contact(core, lead())
    with session_scope(core.engine) as s:
        contact = repo.get_contact(s, first)
        contacts.update(s, contact, {"company": "New Name Ltd"}, actor_id=REP)
    other = add_contact(core, {"name": "Maria García", "phone": VALUES["phone"][1]})
    receiver.script = [500]  # the first contact's created event fails once
    sent = sweep(core.engine, settings)
    assert len(sent) == 2  # its update waits behind it; the other contact goes on
    time.sleep(0.1)
    sweep(core.engine, settings)
    sweep(core.engine, settings)
    order = [(b["contact"]["id"], b["event"]) for b in receiver.delivered()]
    assert order.index((first, "contact.created")) < order.index((first, "contact.updated"))
    assert (other, "contact.created") in order and len(order) == 3
    updated = next(b for b in receiver.delivered() if b["event"] == "contact.updated")
    assert updated["changed"] == ["company"] and updated["contact"]["company"] == "New Name Ltd"


def test_erasure_leaves_no_personal_data_in_the_outbox(
    core: Core, receiver: Receiver, targets: list[str], tmp_path: Path
) -> None:
    settings = hook_settings(tmp_path, *targets)
    contact_id = add_contact(core, lead())
    sweep(core.engine, settings)
    with session_scope(core.engine) as s:
        contact = repo.get_contact(s, contact_id)
        contacts.update(s, contact, {"email": "new.address@example.org"}, actor_id=REP)
    with session_scope(core.engine) as s:
        erase_person(s, tmp_path, repo.get_contact(s, contact_id), actor_id=REP)
    (event,) = events(core.engine)  # the delivered and the queued events are gone
    assert event.event == "contact.erased" and event.payload["contact"] == {"id": contact_id}
    sweep(core.engine, settings)
    erased = receiver.delivered()[-1]
    assert erased["event"] == "contact.erased" and erased["contact"] == {"id": contact_id}
    words = json.dumps(erased, ensure_ascii=False)
    assert not any(v[0] in words for v in VALUES.values())


def test_no_targets_no_outbox(core: Core) -> None:
    add_contact(core, lead())
    assert events(core.engine) == []


def test_settings_demand_a_secret_and_real_urls(tmp_path: Path) -> None:
    from bot.config import SettingsError

    with pytest.raises(SettingsError, match="HOOK_SECRET: must be set"):
        load_settings(capture_data_dir=tmp_path, hook_targets="https://crm.example/in")
    with pytest.raises(SettingsError, match="HOOK_TARGETS: 'ftp://x' is not an http"):
        load_settings(capture_data_dir=tmp_path, hook_targets="ftp://x", hook_secret=SECRET)


def test_a_merge_tells_the_survivor_and_the_merged_away_id(
    core: Core, receiver: Receiver, targets: list[str], tmp_path: Path
) -> None:
    survivor = add_contact(core, {f: v for f, v in lead().items() if f != "website"})
    other = add_contact(core, {"name": "Wei Zhang", "website": VALUES["website"][1]})
    with session_scope(core.engine) as s:
        plan = contacts.plan_merge(repo.get_contact(s, survivor), repo.get_contact(s, other))
        contacts.merge(s, plan, {}, actor_id=REP)
    for _ in range(3):
        sweep(core.engine, hook_settings(tmp_path, *targets))
    last = receiver.delivered()[-2:]
    assert [b["event"] for b in last] == ["contact.updated", "contact.merged"]
    assert last[1]["contact"]["id"] == survivor and last[1]["merged_id"] == other
    assert last[1]["contact"]["website"] == VALUES["website"][1]  # the gap the merge filled
