"""Fault injection settings, changeable at runtime (Python attribute, CLI flag or admin endpoint)."""

from __future__ import annotations

import math
import random
from dataclasses import asdict, dataclass, fields
from decimal import Decimal

MAX_DELAY_MS = 600_000.0  # latencies above ten minutes are typos, not tests


@dataclass
class Faults:
    # Before the request is executed:
    latency_ms: float = 0.0  # added to every REST answer
    latency_jitter_ms: float = 0.0  # uniform extra 0..jitter
    error_rate: float = 0.0  # share of answers replaced by a JSON 500/503
    html_rate: float = 0.0  # share of answers replaced by an HTML 502 page
    drop_rate: float = 0.0  # share of requests whose connection is closed unanswered
    rate_limit_rate: float = 0.0  # share of answers replaced by 429
    burst_429: int = 0  # the next N requests answer 429
    # After the request is executed (the exchange acted, the client does not hear about it):
    drop_after_rate: float = 0.0  # share of requests whose answer is dropped (connection closed)
    drop_after_next: int = 0  # the next N requests lose their answer
    delay_after_ms: float = 0.0  # how long a delayed answer is held back
    delay_after_rate: float = 0.0  # share of requests whose answer is held back delay_after_ms
    delay_after_next: int = 0  # the next N requests have their answer held back delay_after_ms
    # Accepted, carried out later (the cancels the API may answer so: 202 without a body):
    accept_later_next: int = 0  # the next N cancels answer 202 at once ...
    accept_later_ms: float = 0.0  # ... and are carried out this much later
    # WebSocket:
    ws_drop_rate: float = 0.0  # per outgoing WS data frame: chance to drop the connection
    ws_gap_rate: float = 0.0  # per depth message: chance to skip update ids afterwards
    ws_loss_rate: float = 0.0  # per depth message and subscriber: chance the frame is withheld

    def update(self, **changes) -> None:
        """Apply settings; raises ValueError (and changes nothing) when one is invalid."""
        checked = {name: _checked(name, value) for name, value in changes.items()}
        for name, value in checked.items():
            setattr(self, name, value)

    def to_json(self) -> dict:
        return asdict(self)

    def reset(self) -> None:
        self.update(**{f.name: 0 for f in fields(self)})


def _checked(name: str, value) -> float | int:
    kind = FIELD_TYPES.get(name)
    if kind is None:
        raise ValueError(f"unknown fault setting: {name}")
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise ValueError(f"{name} must be a number")
    number = float(value)  # ValueError for text that is not a number
    if kind is int:
        if not number.is_integer() or number < 0:
            raise ValueError(f"{name} must be a whole number >= 0")
        return int(number)
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"{name} must be a finite number >= 0")
    if name.endswith("_rate") and number > 1:
        raise ValueError(f"{name} is a share and must be between 0 and 1")
    if name.endswith("_ms") and number > MAX_DELAY_MS:
        raise ValueError(f"{name} must be at most {MAX_DELAY_MS:.0f}")
    return number


FIELD_TYPES = {f.name: type(f.default) for f in fields(Faults)}


class FaultDice:
    """Decides, per request, which REST fault (if any) applies, and the WebSocket faults."""

    def __init__(self, faults: Faults, seed: int):
        self.faults = faults
        self.rng = random.Random(seed * 104729 + 3)
        # The WebSocket faults roll their own streams: they neither shift REST faults nor each other.
        self.gap_rng = random.Random(seed * 7919 + 1)
        self.loss_rng = random.Random(seed * 6151 + 5)
        self.ws_drop_rng = random.Random(seed * 3571 + 7)

    def latency_s(self) -> float:
        f = self.faults
        if not f.latency_ms and not f.latency_jitter_ms:
            return 0.0
        return (f.latency_ms + self.rng.random() * f.latency_jitter_ms) / 1000

    def pick(self) -> str | None:
        """The fault that replaces the request before it is executed: drop, 429, html, 5xx or None."""
        f = self.faults
        if f.burst_429 > 0:
            f.burst_429 -= 1
            return "429"
        return self._roll(
            ("drop", f.drop_rate), ("429", f.rate_limit_rate), ("html", f.html_rate), ("5xx", f.error_rate)
        )

    def pick_after(self) -> str | None:
        """What happens to the answer of an executed request: "drop", "delay" or None."""
        f = self.faults
        if f.drop_after_next > 0:
            f.drop_after_next -= 1
            return "drop"
        if f.delay_after_next > 0:
            f.delay_after_next -= 1
            return "delay"
        return self._roll(("drop", f.drop_after_rate), ("delay", f.delay_after_rate))

    def accept_later(self) -> bool:
        """Whether a cancel is answered 202 at once and carried out accept_later_ms later."""
        f = self.faults
        if f.accept_later_next > 0:
            f.accept_later_next -= 1
            return True
        return False

    def _roll(self, *choices: tuple[str, float]) -> str | None:
        for name, rate in choices:
            if rate and self.rng.random() < rate:
                return name
        return None

    def server_error_status(self) -> int:
        return self.rng.choice((500, 503))

    def ws_drop(self) -> bool:
        return bool(self.faults.ws_drop_rate) and self.ws_drop_rng.random() < self.faults.ws_drop_rate

    def ws_loss(self) -> bool:
        """Whether one subscriber does not get one depth message (its update ids are gone with it)."""
        return bool(self.faults.ws_loss_rate) and self.loss_rng.random() < self.faults.ws_loss_rate

    def ws_gap(self) -> int:
        """How many depth update ids to skip after a depth message (0: no sequence gap)."""
        rate = self.faults.ws_gap_rate
        if rate and self.gap_rng.random() < rate:
            return self.gap_rng.randint(1, 3)
        return 0
