"""Token bucket per API key (or per client IP for public calls)."""

from __future__ import annotations

import time


class RateLimiter:
    def __init__(self, rate: float = 2000.0, burst: float = 4000.0):
        self.rate = rate
        self.burst = burst
        self._buckets: dict[str, list[float]] = {}

    def configure(self, rate: float, burst: float) -> None:
        self.rate, self.burst = rate, burst
        self._buckets.clear()

    def allow(self, key: str) -> bool:
        if self.rate <= 0:
            return True
        now = time.monotonic()
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = [self.burst, now]
        tokens = min(self.burst, bucket[0] + (now - bucket[1]) * self.rate)
        bucket[1] = now
        if tokens < 1:
            bucket[0] = tokens
            return False
        bucket[0] = tokens - 1
        return True
