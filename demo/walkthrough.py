"""make demo: trade against the embedded Backpack simulator with the generated adapter.

Starts backpack_sim in its own process, walks through the adapter's main
methods with the simulator's demo account (the key pair of backpack-api.md
§2.4, no real keys needed), prints what happened, and stops the simulator.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from simulator import DEMO_KEYS, SimulatorProcess  # noqa: E402

from ccxt_backpack import backpack  # noqa: E402


def show(title, text):
    print(f"  {title:<26} {text}")


def walk(url):
    exchange = backpack({**DEMO_KEYS, "options": {"server": url}})
    markets = exchange.load_markets()
    show("markets", ", ".join(sorted(markets)))

    ticker = exchange.fetch_ticker("SOL/USDC")
    show("SOL/USDC ticker", f"last {ticker['last']}, 24h volume {ticker['baseVolume']} SOL")

    book = exchange.fetch_order_book("SOL/USDC", 5)
    bid, ask = book["bids"][0], book["asks"][0]
    show("SOL/USDC book (5 levels)", f"best bid {bid[0]} x {bid[1]}, best ask {ask[0]} x {ask[1]}")

    balance = exchange.fetch_balance()
    show("balance", ", ".join(f"{code} {balance[code]['free']:,.8g}" for code in ("USDC", "SOL", "BTC", "ETH")))

    price = round(bid[0] * 0.95, 2)
    order = exchange.create_order("SOL/USDC", "limit", "buy", 1, price)
    show("limit buy placed", f"1 SOL at {price}: order {order['id']} is {order['status']}")
    show("  USDC locked by it", f"{exchange.fetch_balance()['USDC']['used']:g}")
    canceled = exchange.cancel_order(order["id"], "SOL/USDC")
    show("  and cancelled", f"order {canceled['id']} is {canceled['status']}")

    market = exchange.create_order("SOL/USDC", "market", "buy", 2)
    show("market buy", f"2 SOL filled at {market['average']:.2f} on average ({market['status']})")

    fills = exchange.fetch_my_trades("SOL/USDC")
    last = fills[-1]
    show("my trades", f"{len(fills)} fill(s); last {last['amount']} at {last['price']}, fee {last['fee']['cost']} {last['fee']['currency']} ({last['takerOrMaker']})")

    exchange.create_order("SOL/USDC:USDC", "market", "sell", 5)
    position = exchange.fetch_position("SOL/USDC:USDC")
    show(
        "perp position",
        f"{position['side']} {position['contracts']:g} SOL/USDC:USDC at {position['entryPrice']}, "
        f"mark {position['markPrice']}, unrealized PnL {position['unrealizedPnl']:g}",
    )
    rate = exchange.fetch_funding_rate("SOL/USDC:USDC")
    show("funding", f"rate {rate['fundingRate']} every {rate['interval']}")


def main():
    started = time.monotonic()
    print("Starting the Backpack simulator (python -m backpack_sim) ...")
    with SimulatorProcess("--seed", "7") as url:
        print(f"Simulator at {url}; demo account {DEMO_KEYS['apiKey']}\n")
        walk(url)
    print(f"\nSimulator stopped. Demo done in {time.monotonic() - started:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
