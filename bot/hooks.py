"""Outbound hooks: contact events pushed to the company's other systems (a CRM) as signed JSON.

Not to be confused with webhook mode (bot/webhook.py), where Telegram calls *us*; these are
"hooks", set by HOOK_TARGETS.

- **Outbox.** Each change writes its event (a `HookEvent` row per target) in the transaction
  that makes the change: a rolled-back change sends nothing, a committed one is never lost.
- **Delivery.** A sweep claims due events (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so several
  instances share the work), leases them for the request's timeout, POSTs them, and records
  the outcome. An event waits while an earlier one of the same contact to the same target is
  unsent, so each contact's events arrive in order.
- **Failures** are retried with exponential backoff (HOOK_BACKOFF_SECONDS x 2^n, at most an
  hour), and parked after HOOK_MAX_ATTEMPTS; `/hooks` shows admins the failing targets and
  puts parked events back in line.
- **Receivers** check `X-Capture-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>"
  under HOOK_SECRET>`, and drop repeats by the `Idempotency-Key` header (the event's `id`):
  a retry after a lost answer repeats the same event.
- **Erasure** deletes the contact's earlier events (delivered or not) and sends
  `contact.erased` with the contact's id alone: no personal data stays in the outbox.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

import httpx
from sqlalchemy import CursorResult, Engine, delete, exists, func, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from bot.i18n import t
from bot.replies import Action, Button, Outcome, Reply, rows
from storage import repo
from storage.db import read_scope, session_scope
from storage.models import Contact, HookEvent, utcnow

if TYPE_CHECKING:
    from bot.core import Turn

log = logging.getLogger(__name__)

EVENTS = ("contact.created", "contact.updated", "contact.merged", "contact.erased")
SIGNATURE_HEADER = "X-Capture-Signature"
MAX_BACKOFF = timedelta(hours=1)
LEASE_MARGIN = timedelta(seconds=30)  # beyond the request timeout, before a lease runs out
CONCURRENCY = 8  # requests in flight per sweep
KEEP_SENT = timedelta(days=7)  # delivered events are deleted after this

WRITTEN = "hook_events_written"  # session.info flag: this transaction queued events

_targets: tuple[str, ...] = ()


def configure(targets: Sequence[str]) -> None:
    """The receivers every change is written out for (HOOK_TARGETS); set once at start-up."""
    global _targets
    _targets = tuple(targets)


def targets() -> tuple[str, ...]:
    return _targets


# --- the outbox: written with the change ---------------------------------------------------------


def record(
    session: Session,
    event: str,
    contact: Contact,
    *,
    changed: Iterable[str] = (),
    merged_id: int | None = None,
) -> None:
    """Queue `event` about `contact` for every target, in the caller's transaction."""
    if not _targets:
        return
    from bot.export import contact_record  # (bot.export reads bot.contacts, which calls this)

    session.flush()  # the contact's id, and its row before the event's
    if event == "contact.erased":
        body: dict[str, Any] = {"contact": {"id": contact.id}}
    else:
        body = {"contact": contact_record(contact)}
        if changed:
            body["changed"] = sorted(changed)
        if merged_id is not None:
            body["merged_id"] = merged_id
    now = utcnow()
    session.info[WRITTEN] = True  # the handler sends them right after the commit
    for target in _targets:
        key = uuid.uuid4().hex
        payload = {"id": key, "event": event, "occurred_at": now.isoformat(), **body}
        session.add(HookEvent(target=target, event=event, contact_id=contact.id or 0, key=key,
                              payload=payload, next_at=now, created_at=now))  # fmt: skip


def forget_contacts(session: Session, ids: Iterable[int]) -> None:
    """Erasure: every queued or delivered event of these contacts goes, with its values."""
    session.execute(delete(HookEvent).where(col(HookEvent.contact_id).in_(list(ids))))


# --- delivery ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Delivery:
    id: int
    target: str
    event: str
    key: str
    body: bytes


@dataclass(frozen=True)
class Result:
    id: int
    error: str | None  # None: delivered


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value; receivers recompute it (and may refuse old timestamps)."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def claim(engine: Engine, settings: Any, now: datetime | None = None) -> list[Delivery]:
    """Due events whose contact has no earlier unsent event for the same target, leased until
    the request has had its time; none claimed by two instances at once."""
    now = now or utcnow()
    if not _targets:
        return []
    earlier = aliased(HookEvent)
    blocked = exists().where(
        col(earlier.target) == col(HookEvent.target),
        col(earlier.contact_id) == col(HookEvent.contact_id),
        col(earlier.id) < col(HookEvent.id),
        col(earlier.state) != "sent",
    )
    with session_scope(engine) as session:
        query = (
            select(HookEvent)
            .where(col(HookEvent.state) == "pending", col(HookEvent.next_at) <= now,
                   col(HookEvent.target).in_(_targets), ~blocked)
            .order_by(col(HookEvent.id))
            .limit(settings.hook_batch)
        )  # fmt: skip
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(of=HookEvent, skip_locked=True)
        claimed = list(session.exec(query))
        if not claimed:
            return []
        lease = now + timedelta(seconds=settings.hook_timeout) + LEASE_MARGIN
        ids = [row.id for row in claimed]
        session.execute(
            update(HookEvent).where(col(HookEvent.id).in_(ids)).values(next_at=lease),
            execution_options={"synchronize_session": False},
        )
        return [
            Delivery(row.id or 0, row.target, row.event, row.key,
                     json.dumps(row.payload, ensure_ascii=False, separators=(",", ":")).encode())
            for row in claimed
        ]  # fmt: skip


async def send(client: httpx.AsyncClient, secret: str, delivery: Delivery) -> Result:
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "Idempotency-Key": delivery.key,
        "X-Capture-Event": delivery.event,
        SIGNATURE_HEADER: signature(secret, int(time.time()), delivery.body),
    }
    try:
        response = await client.post(delivery.target, content=delivery.body, headers=headers)
    except httpx.TimeoutException:
        return Result(delivery.id, "timeout")
    except httpx.HTTPError as exc:
        return Result(delivery.id, f"no connection ({type(exc).__name__})")
    if 200 <= response.status_code < 300:
        return Result(delivery.id, None)
    return Result(delivery.id, f"HTTP {response.status_code}")


def backoff(settings: Any, attempts: int) -> timedelta:
    """After the n-th failure: HOOK_BACKOFF_SECONDS x 2^(n-1), at most an hour."""
    return min(timedelta(seconds=settings.hook_backoff_seconds * 2 ** (attempts - 1)), MAX_BACKOFF)


def settle(
    engine: Engine, settings: Any, outcomes: list[Result], now: datetime | None = None
) -> None:
    """Write what happened: delivered, or failed once more (then due again, or parked)."""
    now = now or utcnow()
    with session_scope(engine) as session:
        sent = [o.id for o in outcomes if o.error is None]
        if sent:
            session.execute(
                update(HookEvent).where(col(HookEvent.id).in_(sent))
                .values(state="sent", sent_at=now, last_error=None),
                execution_options={"synchronize_session": False},
            )  # fmt: skip
        for outcome in (o for o in outcomes if o.error is not None):
            row = session.get(HookEvent, outcome.id)
            if row is None:  # erased meanwhile
                continue
            row.attempts += 1
            row.last_error = outcome.error
            if row.attempts >= settings.hook_max_attempts:
                row.state = "parked"
            row.next_at = now + backoff(settings, row.attempts)
            session.add(row)


async def deliver_due(engine: Engine, settings: Any, client: httpx.AsyncClient) -> list[Result]:
    """One sweep: claim, send (CONCURRENCY at a time; a claim holds one event per contact and
    target, so order is kept), record. Returns what happened, for the log."""
    claimed = await asyncio.to_thread(claim, engine, settings)
    if not claimed:
        return []
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one(delivery: Delivery) -> Result:
        async with gate:
            return await send(client, settings.hook_secret, delivery)

    outcomes = list(await asyncio.gather(*(one(d) for d in claimed)))
    await asyncio.to_thread(settle, engine, settings, outcomes)
    return outcomes


def _rowcount(result: object) -> int:
    """Rows an UPDATE or DELETE touched: Session.execute is typed as returning a Result, and
    for these statements returns its CursorResult, which counts them."""
    return int(cast(CursorResult[Any], result).rowcount or 0)


def prune(engine: Engine, now: datetime | None = None) -> int:
    """Delivered events older than KEEP_SENT go (they hold personal data)."""
    before = (now or utcnow()) - KEEP_SENT
    with session_scope(engine) as session:
        result = session.execute(
            delete(HookEvent).where(col(HookEvent.state) == "sent", col(HookEvent.sent_at) < before)
        )
        return _rowcount(result)


# --- /hooks for admins ---------------------------------------------------------------------------


def shown(target: str) -> str:
    """A target as admins see it: scheme, host and path; a token in the query or userinfo is not
    repeated in chat."""
    parts = urlsplit(target)
    return f"{parts.scheme}://{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}" + (
        parts.path or "/"
    )


def target_ref(target: str) -> str:
    return hashlib.sha256(target.encode()).hexdigest()[:10]


def _blank() -> dict[str, Any]:
    return {"pending": 0, "parked": 0, "sent": 0, "oldest": {}, "error": None}


def status(session: Session) -> dict[str, dict[str, Any]]:
    """Per target: events pending, parked, sent; when the oldest of each state was made; the
    latest error. Waiting and parked ages are kept apart: a parked event is not waiting."""
    figures: dict[str, dict[str, Any]] = {target: _blank() for target in _targets}
    query = select(
        HookEvent.target, HookEvent.state, func.count(), func.min(HookEvent.created_at)
    ).group_by(HookEvent.target, HookEvent.state)
    for target, state, count, oldest in session.exec(query):
        entry = figures.setdefault(target, _blank())
        entry[state] = count
        entry["oldest"][state] = oldest
    for target, entry in figures.items():
        if entry["pending"] or entry["parked"]:
            failed = session.exec(
                select(HookEvent.last_error)
                .where(col(HookEvent.target) == target, col(HookEvent.last_error).is_not(None),
                       col(HookEvent.state) != "sent")
                .order_by(col(HookEvent.id).desc()).limit(1)
            ).first()  # fmt: skip
            entry["error"] = failed
    return figures


def hooks_command(turn: Turn) -> Outcome:
    """/hooks: each target's queue; a Retry button where events are parked."""
    if turn.user.role != "admin":
        return Outcome([turn.refusal()])
    figures = status(turn.session)
    if not figures:
        return Outcome([turn.say("hooks.none")])
    now = utcnow()
    lines, buttons = [t(turn.lang, "hooks.title")], []
    for target, entry in figures.items():
        state = "hooks.failing" if entry["parked"] or entry["error"] else "hooks.ok"
        lines.append("")
        lines.append(t(turn.lang, state, target=shown(target)))
        counts = [t(turn.lang, "hooks.counts", pending=entry["pending"],
                    parked=entry["parked"], sent=entry["sent"])]  # fmt: skip
        for queue in ("pending", "parked"):  # an age only where something is in that queue
            if entry[queue] and entry["oldest"].get(queue) is not None:
                age = _age(now - entry["oldest"][queue])
                counts.append(t(turn.lang, f"hooks.oldest_{queue}", age=age))
        lines.append(" · ".join(counts))
        if entry["error"]:
            lines.append(t(turn.lang, "hooks.last_error", error=entry["error"]))
        if entry["parked"]:
            label = t(turn.lang, "button.hooks_retry", count=entry["parked"], target=shown(target))
            buttons.append(Button(label[:60], Action.RETRY_HOOKS, target_ref(target)))
    return Outcome([Reply("\n".join(lines), rows(*buttons))])


def retry_press(turn: Turn, ref: str) -> Outcome:
    """Put a target's parked events back in line, due now, their attempts counted afresh."""
    if turn.user.role != "admin":
        return Outcome([turn.refusal()], refused=True)
    target = next((x for x in status(turn.session) if target_ref(x) == ref), None)
    if target is None:
        return turn.stale_ended()
    result = turn.session.execute(
        update(HookEvent)
        .where(col(HookEvent.target) == target, col(HookEvent.state) == "parked")
        .values(state="pending", attempts=0, next_at=utcnow())
    )
    count = _rowcount(result)
    repo.record_audit(turn.session, turn.user.id, "hooks_retry", field=shown(target),
                      new=str(count))  # fmt: skip
    return Outcome([turn.say("hooks.retrying", count=count, target=shown(target))])


def _age(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    if seconds < 120:
        return f"{seconds}s"
    if seconds < 7200:
        return f"{seconds // 60}m"
    return f"{seconds // 3600}h"


def lag_seconds(engine: Engine) -> list[float]:
    """created → delivered, per delivered event (the bench's outbox lag)."""
    with read_scope(engine) as session:
        query = select(HookEvent.created_at, HookEvent.sent_at).where(
            col(HookEvent.state) == "sent"
        )
        return [(sent - made).total_seconds() for made, sent in session.exec(query) if sent]
