# Copied by the generator from generator/static/package/structures.py: edit it there.
"""ccxt's unified structures, read from the types ccxt.base.types defines.

The one place where the generator (which keys a spec may map), the runtime
(which keys hold numbers) and the generated tests (what a result must look like)
learn the structures' keys: from ccxt itself, so that they follow ccxt's version.
A nested key is a dotted path (`fee.cost`, `limits.amount.min`).
"""

from __future__ import annotations

import functools
import typing
from types import UnionType
from typing import Any

from ccxt.base import types

# The type ccxt gives each structure kind. Kinds ccxt types as lists or plain
# dicts (an OHLCV candle, a currency's network, a settlement) are not here.
TYPES: dict[str, type] = {
    "market": types.MarketInterface,
    "currency": types.CurrencyInterface,
    "ticker": types.Ticker,
    "trade": types.Trade,
    "order_book": types.OrderBook,
    "status": types.Status,
    "funding_rate": types.FundingRate,
    "funding_rate_history": types.FundingRateHistory,
    "open_interest": types.OpenInterest,
    "borrow_rate": types.CrossBorrowRate,
    "order": types.Order,
    "balance": types.Balance,
    "transaction": types.Transaction,
    "deposit_address": types.DepositAddress,
    "leverage": types.Leverage,
    "position": types.Position,
    "funding_history": types.FundingHistory,
    "borrow_interest": types.BorrowInterest,
    "ledger_entry": types.LedgerEntry,
    "trading_fee": types.TradingFeeInterface,
    "liquidation": types.Liquidation,
}


def _nested(annotation: Any) -> type | None:
    """The TypedDict an annotation is (or is Optional of), else None: a list of them is a leaf."""
    if typing.is_typeddict(annotation):
        return annotation
    if typing.get_origin(annotation) not in (typing.Union, UnionType):
        return None
    members = [member for member in typing.get_args(annotation) if member is not type(None)]
    if len(members) == 1 and typing.is_typeddict(members[0]):
        return members[0]
    return None


def _flatten(structure: type, prefix: str = "") -> dict[str, object]:
    keys: dict[str, object] = {}
    for key, annotation in typing.get_type_hints(structure).items():
        nested = _nested(annotation)
        if nested is None:
            keys[prefix + key] = annotation
        else:
            keys.update(_flatten(nested, f"{prefix}{key}."))
    return keys


@functools.cache
def keys(kind: str) -> dict[str, object]:
    """Every key of the kind's structure (nested ones as dotted paths), with its annotation."""
    return _flatten(TYPES[kind])


@functools.cache
def numbers(kind: str) -> tuple[str, ...]:
    """The keys ccxt types as numbers (`Num`): a float, an int or None in a result."""
    return tuple(key for key, annotation in keys(kind).items() if annotation == types.Num)


@functools.cache
def integers(kind: str) -> tuple[str, ...]:
    """The keys ccxt types as integers (`Int`): timestamps, nonces, counts."""
    return tuple(key for key, annotation in keys(kind).items() if annotation == types.Int)
