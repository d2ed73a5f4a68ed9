"""The exchange core: accounts, order books, matching, balances, positions and triggers.

``Engine`` (core.py) is the façade the rest of the simulator uses; its parts, each given
what it depends on:

- state.py       MarketState, the id counters, step rounding
- journal.py     Journal and Recorder: the changes to persist (the public journal)
- events.py      EventOutbox: order/trade/position events and per-operation depth to the sink
- ledger.py      OrderLedger: an open order's places (book, open orders, locks) and its end
- margin.py      Margin: funds and margin checks at entry, margin figures
- entry.py       OrderEntry: new orders, the market maker's shortcuts, finding and cancelling
- matching.py    Matcher: executing an order against the book
- settlement.py  Settlement: balances, positions and fees of a fill; funding
- triggers.py    Triggers: trigger orders and attached TP/SL orders
"""

from .core import Engine
from .journal import Journal, Recorder
from .state import MarketState, floor_to_step

__all__ = [
    "Engine",
    "Journal",
    "Recorder",
    "MarketState",
    "floor_to_step",
]
