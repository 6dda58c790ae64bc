"""The per-user rate limit."""

from __future__ import annotations

from bot.limits import ALLOW, DROP, WARN, RateLimiter


def test_a_flood_gets_one_warning_then_silence_then_service_again() -> None:
    limiter = RateLimiter(limit=3, window=10)
    assert [limiter.check(1, t) for t in (0, 1, 2)] == [ALLOW] * 3
    assert limiter.check(1, 3) == WARN
    assert limiter.check(1, 4) == DROP
    assert limiter.check(2, 4) == ALLOW  # other users are not affected
    assert limiter.check(1, 10.5) == ALLOW  # the window moved on


def test_idle_users_are_forgotten_and_zero_means_off() -> None:
    limiter = RateLimiter(limit=1, window=5)
    limiter.check(1, 0)
    limiter.forget_idle(100)
    assert limiter._seen == {}
    assert RateLimiter(limit=0, window=5).check(1, 0) == ALLOW
