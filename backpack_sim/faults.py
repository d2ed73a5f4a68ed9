"""Fault injection settings, changeable at runtime (Python attribute, CLI flag or admin endpoint)."""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, fields


@dataclass
class Faults:
    latency_ms: float = 0.0  # added to every REST answer
    latency_jitter_ms: float = 0.0  # uniform extra 0..jitter
    error_rate: float = 0.0  # share of answers replaced by a JSON 500/503
    html_rate: float = 0.0  # share of answers replaced by an HTML 502 page
    drop_rate: float = 0.0  # share of requests whose connection is closed unanswered
    rate_limit_rate: float = 0.0  # share of answers replaced by 429
    burst_429: int = 0  # the next N requests answer 429
    ws_drop_rate: float = 0.0  # per outgoing WS data frame: chance to drop the connection
    ws_gap_rate: float = 0.0  # per depth message: chance to skip update ids afterwards

    def update(self, **changes) -> None:
        known = {f.name: f.type for f in fields(self)}
        for name, value in changes.items():
            if name not in known:
                raise ValueError(f"unknown fault setting: {name}")
            setattr(self, name, int(value) if name == "burst_429" else float(value))

    def to_json(self) -> dict:
        return asdict(self)

    def reset(self) -> None:
        self.update(**{f.name: 0 for f in fields(self)})


class FaultDice:
    """Decides, per request, which REST fault (if any) applies."""

    def __init__(self, faults: Faults, seed: int):
        self.faults = faults
        self.rng = random.Random(seed * 104729 + 3)

    def latency_s(self) -> float:
        f = self.faults
        if not f.latency_ms and not f.latency_jitter_ms:
            return 0.0
        return (f.latency_ms + self.rng.random() * f.latency_jitter_ms) / 1000

    def pick(self) -> str | None:
        f = self.faults
        if f.burst_429 > 0:
            f.burst_429 -= 1
            return "429"
        for name, rate in (
            ("drop", f.drop_rate),
            ("429", f.rate_limit_rate),
            ("html", f.html_rate),
            ("5xx", f.error_rate),
        ):
            if rate and self.rng.random() < rate:
                return name
        return None

    def server_error_status(self) -> int:
        return self.rng.choice((500, 503))

    def ws_drop(self) -> bool:
        return bool(self.faults.ws_drop_rate) and self.rng.random() < self.faults.ws_drop_rate
