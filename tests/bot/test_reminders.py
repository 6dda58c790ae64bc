"""The reminder policy: intervals, follow-ups, staleness and the customer's daytime."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.reminders import Policy, customer_zone, due_step, is_daytime, next_daytime

SHANGHAI = ZoneInfo("Asia/Shanghai")
POLICY = Policy(interval=timedelta(days=180), followups=(timedelta(days=3), timedelta(days=7)))


def at(hour: int, zone: ZoneInfo = SHANGHAI, day: int = 2) -> datetime:
    return datetime(2026, 11, day, hour, 30, tzinfo=zone).astimezone(UTC)


def test_zone_from_own_setting_then_phone_then_server() -> None:
    assert customer_zone("Europe/Berlin", "+8613800138000", "UTC") == ZoneInfo("Europe/Berlin")
    assert customer_zone(None, "+8613800138000", "UTC") == SHANGHAI
    assert customer_zone(None, "+442079460000", "UTC") == ZoneInfo("Europe/London")
    assert customer_zone("Mars/Base", None, "Asia/Tokyo") == ZoneInfo("Asia/Tokyo")
    assert customer_zone("Mars/Base", "+442079460000", "Asia/Tokyo") == ZoneInfo("Europe/London")
    assert customer_zone(None, "+442079460000;ext=12", None) == ZoneInfo("Europe/London")
    assert customer_zone(None, "+999", "Asia/Tokyo") == ZoneInfo("Asia/Tokyo")
    assert customer_zone(None, None, None) == ZoneInfo("UTC")


def test_daytime_is_nine_to_eight_local() -> None:
    assert is_daytime(at(9), SHANGHAI) and is_daytime(at(19), SHANGHAI)
    assert not is_daytime(at(20), SHANGHAI) and not is_daytime(at(3), SHANGHAI)


def test_a_night_reminder_is_held_until_morning() -> None:
    step = due_step(POLICY, 0, at(23), SHANGHAI)
    assert not step.send and step.stage == 0
    assert step.due_at == datetime(2026, 11, 3, 9, 0, tzinfo=SHANGHAI)
    early = next_daytime(at(6), SHANGHAI)
    assert early == datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI)


def test_ask_follow_ups_then_stale() -> None:
    now = at(10)
    first = due_step(POLICY, 0, now, SHANGHAI)
    assert first.send and first.stage == 1 and first.due_at == now + timedelta(days=3)
    second = due_step(POLICY, 1, first.due_at, SHANGHAI)
    assert second.send and second.due_at == first.due_at + timedelta(days=7)
    third = due_step(POLICY, 2, second.due_at, SHANGHAI)
    assert third.send and third.stage == 3 and third.due_at == second.due_at + timedelta(days=7)
    stale = due_step(POLICY, 3, third.due_at, SHANGHAI)
    assert stale.stale and not stale.send and stale.stage == 0
    assert stale.due_at == third.due_at + timedelta(days=180)


def test_without_follow_ups_it_just_asks_every_interval() -> None:
    policy = Policy(interval=timedelta(seconds=5), followups=())
    step = due_step(policy, 0, at(10), SHANGHAI)
    assert step.send and not step.stale and step.due_at == at(10) + timedelta(seconds=5)
