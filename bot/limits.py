"""A per-user message rate limit: a flood gets one polite answer, then silence until it calms.

In memory, per process: several instances each allow the limit (a flood is still cut to a
trickle); the point is that one user cannot keep the bot busy for everyone else.
"""

from __future__ import annotations

import threading
from collections import deque

ALLOW, WARN, DROP = "allow", "warn", "drop"


class RateLimiter:
    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._seen: dict[int, deque[float]] = {}
        self._warned: dict[int, float] = {}
        self._lock = threading.Lock()

    def check(self, user_id: int, now: float) -> str:
        """ALLOW this message, WARN (the first one over the limit: say why) or DROP it."""
        if self.limit <= 0:
            return ALLOW
        with self._lock:
            seen = self._seen.setdefault(user_id, deque())
            while seen and seen[0] <= now - self.window:
                seen.popleft()
            if len(seen) < self.limit:
                seen.append(now)
                self._warned.pop(user_id, None)
                return ALLOW
            if self._warned.get(user_id, -1e18) > now - self.window:
                return DROP
            self._warned[user_id] = now
            return WARN

    def forget_idle(self, now: float) -> None:
        """Drop users quiet for a whole window, so memory follows active users only."""
        with self._lock:
            for user_id in [
                u for u, s in self._seen.items() if not s or s[-1] <= now - self.window
            ]:
                self._seen.pop(user_id, None)
                self._warned.pop(user_id, None)
