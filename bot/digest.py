"""The weekly digest: last week's numbers and the /stats chart, to every manager and admin, on
DIGEST_DAY at DIGEST_HOUR in their own time zone (else SERVER_TIMEZONE, else UTC).

Each manager's digest for a week is claimed in the database (a JobClaim keyed by user and ISO
week) before it is sent, like the nightly backup: however many instances run the sweep, and
however often, it goes out once. A crash between the claim and the send loses that week's
digest rather than sending it twice.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from bot import customers, reports
from bot.config import WEEKDAYS
from bot.i18n import t, user_language
from bot.reminders import named_zone
from bot.replies import Outcome, Reply
from bot.roles import SEES_ALL
from bot.team import wrote_to_bot
from storage import repo
from storage.db import session_scope
from storage.models import User, utcnow

if TYPE_CHECKING:
    from bot.core import Turn

log = logging.getLogger(__name__)

_UTC = ZoneInfo("UTC")


def local_zone(user: User, settings: Any) -> ZoneInfo:
    return named_zone(user.timezone or settings.server_timezone or "UTC") or _UTC


def due(now: datetime, zone: ZoneInfo, settings: Any) -> str | None:
    """The claim key's week ("2026-W49") when a digest is due now in `zone`, else None."""
    local = now.astimezone(zone)
    if WEEKDAYS[local.weekday()] != settings.digest_day or local.hour < settings.digest_hour:
        return None
    year, week, _ = local.isocalendar()
    return f"{year}-W{week:02d}"


def sweep(engine: Engine, settings: Any, now: datetime | None = None) -> list[tuple[int, Reply]]:
    """The digests due now, each claimed (once across instances); the figures are counted and
    the chart drawn once per language, after the claims commit."""
    now = now or utcnow()
    with session_scope(engine) as session:
        readers = [
            (user.id, user_language(user), due(now, local_zone(user, settings), settings))
            for user in repo.users_with_role(session, *SEES_ALL)
            if not user.digest_off and _reachable(user)
        ]
    claimed = [
        (user_id, lang)
        for user_id, lang, week in readers
        if week is not None and _claim(engine, f"digest:{user_id}:{week}")
    ]
    if not claimed:
        return []
    figures = reports.collect_figures(engine, settings, now)
    made = {lang: digest_reply(figures, lang) for lang in {lang for _, lang in claimed}}
    log.info("weekly digest claimed for %d managers", len(claimed))
    return [(user_id, made[lang]) for user_id, lang in claimed]


def _reachable(user: User) -> bool:
    """Telegram refuses a bot's first word, and a claimed digest it refuses is lost for the week:
    so one given the role from the server waits until they open the bot (their first update also
    tells us their Telegram's language), and one the bot could not reach until they write again."""
    return wrote_to_bot(user) and user.undelivered_at is None


def _claim(engine: Engine, key: str) -> bool:
    with session_scope(engine) as session:
        return repo.claim_job(session, key)


def digest_reply(figures: dict[str, Any], lang: str) -> Reply:
    """Last full week's leads (per rep, busiest first), then the /stats figures; the chart."""
    weekly = figures["weekly"]
    last = {name: counts[-2] for name, counts in weekly["reps"].items() if counts[-2]}
    lines = [t(lang, "digest.title", week=weekly["weeks"][-2], count=sum(last.values()))]
    busiest = sorted(last.items(), key=lambda i: -i[1])
    lines += ["· " + t(lang, "summary.line", field=name, value=count) for name, count in busiest]
    lines += ["", customers.stats_reply(figures, lang).text, "", t(lang, "digest.stop")]
    from bot import chart

    return Reply("\n".join(lines)[:1024], photo=chart.render(figures, lang))


def command(turn: Turn, arg: str) -> Outcome:
    """/digest [on|off]: the schedule, or switch this manager's digest."""
    if turn.user.role not in SEES_ALL:
        return Outcome([turn.refusal()])
    settings = turn.core.settings
    choice = arg.strip().lower()
    if choice not in ("", "on", "off"):
        return Outcome([turn.say("digest.usage")])
    if choice:
        turn.user.digest_off = choice == "off"
        turn.session.add(turn.user)
    if turn.user.digest_off:
        return Outcome([turn.say("digest.is_off")])
    when = t(turn.lang, f"digest.day.{settings.digest_day}")
    zone = local_zone(turn.user, settings).key
    return Outcome([turn.say("digest.is_on", day=when, hour=f"{settings.digest_hour:02d}:00",
                             zone=zone)])  # fmt: skip
