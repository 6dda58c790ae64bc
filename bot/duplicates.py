"""Duplicates in chat: the rep's warning, managers' alerts, merge and unmerge, the batch scan.

A merge in progress lives on the candidate row (not in the manager's conversation), so a manager
can settle a duplicate while in the middle of adding a lead, and two managers see the same state.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from bot import contacts, linkage, matching, registry
from bot.fields import format_phone
from bot.i18n import t, user_language
from bot.matching import Match, scan
from bot.replies import Alert, Button, Outcome, Reply, rows
from bot.roles import SEES_ALL, can_see_contact
from bot.team import member_name
from storage import repo
from storage.db import read_scope, session_scope
from storage.models import Contact, DuplicateCandidate, User

SHOWN_FIELDS = contacts.MATCH_FIELDS  # side by side in an alert: the evidence compared
MAX_ALERTS_PER_SCAN = 10


def reasons_text(lang: str, reasons: tuple[str, ...] | list[str]) -> str:
    shown = [t(lang, f"reason.{r}") for r in reasons if r != "different_name"][:3]
    return t(lang, "list.sep").join(shown) or t(lang, "reason.similar")


def evidence_text(lang: str, evidence: tuple[tuple[str, str, float], ...]) -> str:
    """What the weights say, per comparison both records have: 'address same +11.4, ...'."""
    items = t(lang, "list.sep").join(
        f"{t(lang, f'evidence.{field}')} {t(lang, f'evidence.level.{level}')} {weight:+.1f}"
        for field, level, weight in evidence
    )
    return t(lang, "dupe.evidence", items=items)


def owner_name(session: Session, contact: Contact) -> str:
    owner = repo.get_user(session, contact.owner_id) if contact.owner_id else None
    return owner.first_name if owner and owner.first_name else "—"


def warning_match(
    session: Session, user: User, lang: str, contact: Contact, match: Match, *, reps_see_all: bool
) -> dict[str, Any]:
    """One line of the rep's "this looks like #123" warning, and whether Update is offered.

    A lead this rep may not see is not described: only that a colleague has the person, and who
    to ask, so the warning cannot be used to probe other reps' leads by phone or email."""
    editable = can_see_contact(user.role, user.id, contact.owner_id, reps_see_all=reps_see_all)
    if not editable:
        reason = reasons_text(lang, match.reasons)
        return {"owner": owner_name(session, contact), "reason": reason, "editable": False}
    return {
        "id": contact.id,
        "name": contact.name,
        "company": contact.company or "—",
        "owner": owner_name(session, contact),
        "date": f"{contact.created_at:%Y-%m-%d}",
        "reason": reasons_text(lang, match.reasons),
        "editable": editable,
        "values": contacts.values_of(contact) if editable else {},
    }


# --- managers ------------------------------------------------------------------------------


def managers(session: Session) -> list[User]:
    """Who hears about duplicates: the managers, or the admins when there are none."""
    return repo.users_with_role(session, "manager") or repo.users_with_role(session, "admin")


def alerts_for(session: Session, candidates: list[DuplicateCandidate]) -> list[Alert]:
    """Each manager's alert per candidate; no candidates, no lookup of managers (most saves)."""
    if not candidates:
        return []
    out = []
    for manager in managers(session):
        lang = user_language(manager)
        for candidate in candidates:
            reply = candidate_reply(session, candidate, lang, alert=True)
            if reply is not None:
                out.append(Alert(manager.id, reply, candidate.id))
    return out


def candidate_reply(
    session: Session, candidate: DuplicateCandidate, lang: str, *, alert: bool = False
) -> Reply | None:
    """Both records side by side, with Merge / Not a duplicate / Later."""
    a = repo.get_contact(session, candidate.a_id)
    b = repo.get_contact(session, candidate.b_id)
    if a is None or b is None or a.status != "active" or b.status != "active":
        return None
    head = t(
        lang, "dupe.alert" if alert else "dupe.title", id=candidate.id,
        score=f"{candidate.score:.2f}", reasons=reasons_text(lang, candidate.reasons.split(",")),
    )  # fmt: skip
    lines = [head]
    match = matching.score(contacts.person_of(a), contacts.person_of(b))
    if match.evidence:
        lines.append(evidence_text(lang, match.evidence))
    lines.append("")
    for contact in (a, b):
        lines.append(
            t(lang, "dupe.record", id=contact.id, owner=owner_name(session, contact),
              date=f"{contact.created_at:%Y-%m-%d}", source=t(lang, f"source.{contact.source}"))
        )  # fmt: skip
    lines.append("")
    for field in SHOWN_FIELDS:
        va, vb = _shown(a, field, lang), _shown(b, field, lang)
        if va or vb:
            same = " ✓" if va == vb else ""
            label = registry.current().label(field, lang)
            both = f"{va or '—'} | {vb or '—'}{same}"
            lines.append(t(lang, "summary.line", field=label, value=both))
    cid = str(candidate.id)
    buttons = rows(
        Button(t(lang, "button.merge"), "dmerge", cid),
        Button(t(lang, "button.not_duplicate"), "dnot", cid),
        Button(t(lang, "button.later"), "dlater", cid),
        per_row=3,
    )
    return Reply("\n".join(lines), buttons)


def _shown(contact: Contact, field: str, lang: str) -> str:
    value = contact.value(field) or ""
    return format_phone(value, lang) if field == "phone" and value else value


def list_open(session: Session, lang: str) -> Outcome:
    """/dupes: open candidates, oldest first; pairs whose records went away are closed."""
    shown: list[Reply] = []
    while True:
        page, total = repo.open_candidates(session, limit=5)
        stale = False
        for candidate in page:
            reply = candidate_reply(session, candidate, lang)
            if reply is None:
                candidate.status = "merged"
                session.add(candidate)
                stale = True
            else:
                shown.append(reply)
        if not stale:
            break
        session.flush()
        shown.clear()
    if not shown:
        return Outcome([Reply(t(lang, "dupe.none"))])
    title = t(lang, "dupe.list_title", shown=len(shown), total=total)
    missed = undelivered_lines(session, lang)
    return Outcome([Reply("\n\n".join([title, *missed])), *shown])


def undelivered_lines(session: Session, lang: str) -> list[str]:
    """Alerts about still-open candidates that Telegram refused to deliver, and to whom."""
    rows_ = [
        u for u in repo.undelivered_alerts(session)
        if (c := repo.candidate_by_id(session, u.candidate_id or 0)) and c.status == "open"
    ]  # fmt: skip
    if not rows_:
        return []
    people = {u.id: u for u in repo.users_by_ids(session, {r.user_id for r in rows_})}
    lines = [t(lang, "dupe.undelivered_title")]
    for row in rows_:
        person = people.get(row.user_id)
        lines.append(
            t(lang, "dupe.undelivered_line", id=row.candidate_id,
              name=member_name(person) if person else str(row.user_id),
              reason=t(lang, f"undelivered.{row.reason}"))
        )  # fmt: skip
    return ["\n".join(lines)]


def press(session: Session, user: User, lang: str, action: str, arg: str) -> Outcome:
    """Merge / Not a duplicate / Later and the merge questions, for managers and admins."""
    if user.role not in SEES_ALL:
        return Outcome([Reply(t(lang, "role.not_allowed"))], refused=True)
    cid, _, rest = arg.partition(":")
    candidate = repo.candidate_by_id(session, int(cid)) if cid.isdigit() else None
    if candidate is None:
        return Outcome([Reply(t(lang, "button.stale_ended"))], refused=True)
    if candidate.status != "open":
        already = t(lang, f"dupe.already_{candidate.status}", id=candidate.id)
        return Outcome([Reply(already)], refused=True)
    if action == "dlater":
        return Outcome([Reply(t(lang, "dupe.later"))])
    if action == "dnot":
        contacts.not_duplicate(session, candidate, user.id)
        return Outcome([Reply(t(lang, "dupe.marked_not", a=candidate.a_id, b=candidate.b_id))])
    a = repo.get_contact(session, candidate.a_id)
    b = repo.get_contact(session, candidate.b_id)
    if a is None or b is None or a.status != "active" or b.status != "active":
        return Outcome([Reply(t(lang, "dupe.already_merged", id=candidate.id))], refused=True)
    refusal = contacts.merge_refusal(a, b)
    if refusal is not None and action in ("dmerge", "dkeep", "dval"):
        return Outcome([Reply(t(lang, refusal, a=a.id, b=b.id))], refused=True)
    if action == "dmerge":
        candidate.pending = {}
        session.add(candidate)
        return Outcome([_survivor_question(candidate, a, b, lang)])
    if action == "dkeep" and rest in (str(a.id), str(b.id)):
        candidate.pending = {"survivor": int(rest), "choices": {}}
    elif action == "dval" and candidate.pending.get("survivor"):
        field, _, chosen = rest.partition(":")
        if chosen not in (str(a.id), str(b.id)) or field not in contacts.merge_fields():
            return Outcome([Reply(t(lang, "button.stale_ended"))], refused=True)
        candidate.pending = {
            **candidate.pending,
            "choices": {**candidate.pending.get("choices", {}), field: int(chosen)},
        }
    else:
        return Outcome([Reply(t(lang, "button.stale_ended"))], refused=True)
    session.add(candidate)
    return _next_merge_step(session, user, lang, candidate, a, b)


def _survivor_question(candidate: DuplicateCandidate, a: Contact, b: Contact, lang: str) -> Reply:
    buttons = [
        Button(
            t(lang, "button.keep_record", id=c.id, name=c.name[:24]),
            "dkeep",
            f"{candidate.id}:{c.id}",
        )
        for c in (a, b)
    ]
    return Reply(t(lang, "dupe.which_survives"), rows(*buttons))


def _next_merge_step(
    session: Session, user: User, lang: str, candidate: DuplicateCandidate, a: Contact, b: Contact
) -> Outcome:
    survivor_id = candidate.pending["survivor"]
    survivor, other = (a, b) if a.id == survivor_id else (b, a)
    plan = contacts.plan_merge(survivor, other)
    choices = candidate.pending.get("choices", {})
    open_fields = [f for f in plan.conflicts if f not in choices]
    if open_fields:
        field = open_fields[0]
        buttons = [
            Button(_shown(c, field, lang)[:40], "dval", f"{candidate.id}:{field}:{c.id}")
            for c in (survivor, other)
        ]
        question = t(lang, "dupe.which_value", field=registry.current().label(field, lang))
        return Outcome([Reply(question, rows(*buttons))])
    contacts.merge(session, plan, choices, actor_id=user.id, candidate=candidate)
    return Outcome([Reply(t(lang, "dupe.merged", merged=other.id, survivor=survivor.id))])


def unmerge_command(session: Session, user: User, lang: str, arg: str) -> Outcome:
    arg = arg.strip().lstrip("#")
    if not arg.isdigit() or len(arg) > 12:
        return Outcome([Reply(t(lang, "unmerge.usage"))])
    result = contacts.unmerge(session, int(arg), actor_id=user.id)
    if isinstance(result, str):
        return Outcome([Reply(t(lang, result, id=arg))])
    return Outcome([Reply(t(lang, "unmerge.done", a=result.survivor_id, b=result.merged_id))])


# --- the weights -------------------------------------------------------------------------------


def load_model(engine: Engine) -> linkage.Model:
    """Use the newest estimate kept in the database (or the priors before the first)."""
    with read_scope(engine) as session:
        row = repo.latest_match_model(session)
        model = linkage.Model.from_json(row.model) if row else linkage.default_model()
    matching.use_model(model)
    return model


MIN_TRAINING_CONTACTS = 1000
"""Fewer contacts than this say too little about random pairs (u): the weights in use stay."""


def estimate(
    people: Sequence[matching.Person], minimum: int = MIN_TRAINING_CONTACTS
) -> linkage.Model | None:
    """The weights `train` keeps, from these contacts (None when fewer than `minimum`); not
    kept nor put in use. bench/dedupe.py trains its in-memory stores through this."""
    if len(people) < minimum:
        return None
    return matching.estimate_model(people)


def train(engine: Engine, minimum: int = MIN_TRAINING_CONTACTS) -> tuple[linkage.Model | None, int]:
    """Estimate the weights from every active contact (no labels: EM, see bot/linkage.py),
    keep them and use them from now on. Returns the model (None when there are fewer than
    `minimum` contacts) and the number of contacts. The contacts stream past, and a sample of
    them is kept (`matching.training_sample`), so memory stays flat at 10^6."""
    with read_scope(engine) as session:
        if (total := repo.count_contacts(session)) < minimum:
            return None, total
        drawn = matching.training_sample(
            contacts.person_of(c) for c in repo.iter_contacts(session, batch=5000)
        )
    model = matching.estimate_model(drawn)
    streamed = len(drawn.terms)
    with session_scope(engine) as session:
        repo.save_match_model(session, model.to_json(), pairs=model.pairs, contacts=streamed)
    matching.use_model(model)
    return model, streamed


# --- the batch scan ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    a: Contact
    b: Contact
    match: Match


def scan_pairs(engine: Engine, min_score: float) -> Iterator[Pair]:
    """Every likely duplicate pair in the database, found through blocking keys in memory."""
    with read_scope(engine) as session:
        everyone = {c.id: c for c in repo.iter_contacts(session, batch=5000)}
    people = [contacts.person_of(c) for c in everyone.values()]
    for pa, pb, match in scan(people, min_score):
        yield Pair(everyone[pa.id], everyone[pb.id], match)


def scan_and_alert(engine: Engine, min_score: float, lang: str) -> Outcome:
    """A manager's /scan: record new candidates and alert the managers about the first ones."""
    started = time.perf_counter()
    pairs = list(scan_pairs(engine, min_score))
    with session_scope(engine) as session:
        created = []
        for pair in pairs:
            candidate = repo.add_candidate(
                session, pair.a.id or 0, pair.b.id or 0, round(pair.match.score, 3),
                ",".join(pair.match.reasons),
            )  # fmt: skip
            if candidate is not None:
                created.append(candidate)
        alerts = alerts_for(session, created[:MAX_ALERTS_PER_SCAN])
        repo.record_audit(session, None, "scan", new=f"{len(pairs)} pairs, {len(created)} new")
    summary = t(
        lang, "scan.done", count=len(pairs), new=len(created),
        seconds=f"{time.perf_counter() - started:.1f}",
    )  # fmt: skip
    return Outcome([Reply(summary)], alerts=alerts)
