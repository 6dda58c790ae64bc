"""When to ask a linked customer to confirm their details: pure policy, no clock of its own.

Every linked customer is asked every CONFIRM_INTERVAL; no answer brings follow-ups after
REMINDER_FOLLOWUPS, then the contact is stale and its owner is told. Messages go out only in the
customer's daytime: their own time zone setting, else their phone number's, else the server's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from phonenumbers import timezone as phone_timezones

from bot.fields import parse_stored

DAY_STARTS = time(9, 0)
DAY_ENDS = time(20, 0)


def valid_zone(name: str) -> bool:
    return name in available_timezones()


def customer_zone(own: str | None, phone: str | None, server: str | None) -> ZoneInfo:
    """The customer's own setting, else the only zone their phone number has, else the server's."""
    for candidate in _zone_names(own, phone, server):
        if (zone := named_zone(candidate)) is not None:
            return zone
    return ZoneInfo("UTC")


@lru_cache(maxsize=1024)
def named_zone(name: str) -> ZoneInfo | None:
    """The zone a name names, or None. Cached: a sweep asks for the same few zones hundreds of
    times, and a customer's own zone known up front spares decrypting and parsing their phone."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _zone_names(own: str | None, phone: str | None, server: str | None) -> Iterator[str]:
    """Lazily: the phone's zone is looked up only when the customer's own setting is no good."""
    if own:
        yield own
    if zone := _phone_zone(phone):
        yield zone
    if server:
        yield server


def _phone_zone(phone: str | None) -> str | None:
    return _number_zone(phone.split(";")[0]) if phone else None


@lru_cache(maxsize=16_384)
def _number_zone(e164: str) -> str | None:
    """Cached: parsing and typing a number (phonenumbers' regexes) costs ~40 µs, and the sweep
    meets the same customers again (held for their morning, then each follow-up)."""
    number = parse_stored(e164)
    if number is None:
        return None
    zones = [z for z in phone_timezones.time_zones_for_number(number) if z != "Etc/Unknown"]
    return zones[0] if zones else None


def is_daytime(now: datetime, zone: ZoneInfo) -> bool:
    local = now.astimezone(zone).time()
    return DAY_STARTS <= local < DAY_ENDS


def next_daytime(now: datetime, zone: ZoneInfo) -> datetime:
    """The next 09:00 in the customer's zone (today's if it is still early), as an aware time."""
    local = now.astimezone(zone)
    start = datetime.combine(local.date(), DAY_STARTS, tzinfo=zone)
    if local >= start:
        start = datetime.combine(local.date() + timedelta(days=1), DAY_STARTS, tzinfo=zone)
    return start


@dataclass(frozen=True)
class Policy:
    interval: timedelta  # CONFIRM_INTERVAL
    followups: tuple[timedelta, ...]  # REMINDER_FOLLOWUPS, each after the previous message

    def first_due(self, now: datetime) -> datetime:
        return now + self.interval

    def after_confirm(self, now: datetime) -> datetime:
        return now + self.interval

    def goes_stale(self, stage: int) -> bool:
        """Every follow-up went unanswered: the step marks the contact stale, whatever the time
        of day (so the sweep needs no zone for it)."""
        return bool(self.followups) and stage > len(self.followups)


@dataclass(frozen=True)
class Step:
    """What a due reminder does now."""

    send: bool  # ask the customer now (False: hold it until their morning)
    due_at: datetime  # the next time the reminder is due
    stage: int
    stale: bool = False  # no answer after every follow-up: mark the contact stale, tell the owner


def due_step(policy: Policy, stage: int, now: datetime, zone: ZoneInfo) -> Step:
    """A reminder came due at `now`: send it (or hold it for the daytime) and plan the next.

    `stage` counts the messages of this cycle already sent: 0 the regular ask, then one a
    follow-up, each `followups[i]` after the previous message. After the last follow-up the
    customer has one more wait of the same length; then the contact is stale, and the next
    regular ask comes a full interval later. (Defaults: ask, +3 days, +7 days, stale 7 days on.)
    """
    followups = policy.followups
    if policy.goes_stale(stage):
        return Step(send=False, due_at=now + policy.interval, stage=0, stale=True)
    if not is_daytime(now, zone):
        return Step(send=False, due_at=next_daytime(now, zone), stage=stage)
    if not followups:
        return Step(send=True, due_at=now + policy.interval, stage=0)
    wait = followups[min(stage, len(followups) - 1)]
    return Step(send=True, due_at=now + wait, stage=stage + 1)
