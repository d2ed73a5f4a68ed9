"""Command line: ``python -m backpack_sim --host 127.0.0.1 --port 8080 [options]``."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys

from .faults import Faults
from .server import MAX_BODY_BYTES, Simulator


def parse_account(text: str) -> tuple[str, dict]:
    """``SECRET_B64[:ASSET=QTY,ASSET=QTY]`` (base64 never contains ':')."""
    secret, _, funds = text.partition(":")
    balances = {}
    for item in filter(None, funds.split(",")):
        asset, _, quantity = item.partition("=")
        if not asset or not quantity:
            raise argparse.ArgumentTypeError(f"bad balance {item!r}, expected ASSET=QTY")
        balances[asset.strip()] = quantity.strip()
    return secret, balances


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m backpack_sim", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080, help="0 picks a free port")
    parser.add_argument("--seed", type=int, default=1, help="seed of the price walk and market maker")
    parser.add_argument("--state", metavar="PATH", help="SQLite file that keeps state across restarts")
    parser.add_argument(
        "--account",
        action="append",
        type=parse_account,
        default=[],
        metavar="SECRET_B64[:ASSET=QTY,...]",
        help="extra account (repeatable)",
    )
    parser.add_argument("--no-market-maker", action="store_true", help="no internal liquidity or price walk")
    parser.add_argument(
        "--no-noise-trades",
        action="store_true",
        help="no noise trades (the market maker still fills orders the mark price reaches)",
    )
    parser.add_argument("--no-history", action="store_true", help="do not seed past trades")
    parser.add_argument(
        "--history-hours", type=int, default=24, help="hours of seeded past trades (1-2 a minute per market)"
    )
    parser.add_argument("--tick-interval", type=float, default=1.0, help="seconds between market ticks")
    parser.add_argument("--funding-interval-ms", type=int, help="override the perps' funding interval")
    parser.add_argument("--rate-limit", type=float, default=2000.0, help="requests/s per API key (0 = off)")
    parser.add_argument("--rate-burst", type=float, default=4000.0, help="token bucket size")
    parser.add_argument("--ws-ping-interval", type=float, default=60.0, help="server WS ping period, s (0 = none)")
    parser.add_argument(
        "--ws-pong-deadline", type=float, default=120.0, help="Close a WS whose ping has no pong after this many s"
    )
    parser.add_argument(
        "--ws-close-grace", type=float, default=30.0, help="delivery after Close 1001 (/_sim/ws/close), s"
    )
    parser.add_argument(
        "--max-body-bytes", type=int, default=MAX_BODY_BYTES, help="larger request bodies are refused with a 413"
    )
    for name, default in Faults().to_json().items():
        parser.add_argument(
            "--" + name.replace("_", "-"),
            type=type(default),
            default=default,
            help="fault injection (see backpack_sim/faults.py)",
        )
    parser.add_argument("--log-level", default="WARNING")
    return parser


async def serve(args) -> None:
    faults = {name: getattr(args, name) for name in Faults().to_json()}
    simulator = Simulator(
        seed=args.seed,
        accounts=dict(args.account),
        market_maker=not args.no_market_maker,
        noise_trades=not args.no_noise_trades,
        history=not args.no_history,
        history_hours=args.history_hours,
        state_path=args.state,
        tick_interval=args.tick_interval,
        rate_limit=args.rate_limit,
        rate_burst=args.rate_burst,
        faults=faults,
        ws_ping_interval=args.ws_ping_interval,
        ws_pong_deadline=args.ws_pong_deadline,
        ws_close_grace=args.ws_close_grace,
        funding_interval_ms=args.funding_interval_ms,
        max_body_bytes=args.max_body_bytes,
    )
    await simulator.start(args.host, args.port)
    print(f"REST      {simulator.rest_url}", flush=True)
    print(f"WebSocket {simulator.ws_url}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    await simulator.stop()
    print("stopped", flush=True)


def run_loop(coroutine):
    """Run on uvloop when it is installed (it ships with ccxt), else on asyncio's loop."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    run_loop(serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
