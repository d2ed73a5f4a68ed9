"""Machine instructions per frame of bench/ws_run.py's three handlers, counted by valgrind: free of the noise of a shared machine.

For each part of the recorded stream and each implementation (ccxt.pro.backpack, ccxt_backpack,
the floor), this script runs itself twice under `valgrind --tool=callgrind`: once priming the
state twice, once priming it and feeding it the part's frames twice. The difference of the
instructions executed, over the frames fed, is the cost of one frame, C code (float parsing,
Decimal, dicts) included. Instructions are not time (cache misses and branches are not in
them), but they do not move with the machine's load. Not in `make bench`: about 40 s a run,
18 runs.

    python bench/ws_instructions.py [--only TEXT]
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

PASSES = 2
IMPLEMENTATIONS = ("ccxt.pro.backpack", "ccxt_backpack", "floor")


def child(part_name: str, implementation: str, feed: bool) -> None:
    """Under valgrind: prime the implementation PASSES times, feeding it the part's frames each time when `feed`."""
    import ws_run

    part = next(part for part in ws_run.load_parts() if part.name == part_name)
    ours = ws_run.Ours()
    chosen = {
        "ccxt_backpack": ours,
        "ccxt.pro.backpack": ws_run.CcxtPro(),
        "floor": ws_run.FloorHandlers(ours.exchange.markets_by_id),
    }[implementation]
    gc.disable()  # collections at the same points in both runs would cancel out, but need not fall at the same points
    for _ in range(PASSES):
        client = chosen.prime(part)
        if feed:
            for frame in part.frames:
                chosen.handle(client, frame)


def instructions(part_name: str, implementation: str, feed: bool) -> int:
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        __file__,
        "--child",
        part_name,
        implementation,
    ]
    environment = dict(os.environ, PYTHONHASHSEED="0")  # the same dicts and sets in both runs
    output = subprocess.run(
        command + (["--feed"] if feed else []), capture_output=True, text=True, env=environment, check=True
    ).stderr
    return int(re.search(r"Collected : (\d+)", output).group(1))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", help="only the parts whose name contains this text")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--feed", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child, args.feed)
        return 0
    import ws_run

    print(
        "| frames (instructions per frame) | ccxt.pro.backpack | ccxt_backpack | floor | faster than ccxt.pro (target) | ours/floor |"
    )
    print("|---|---|---|---|---|---|")
    for part in ws_run.load_parts():
        if args.only and args.only.lower() not in part.name.lower():
            continue
        cost = {
            name: (instructions(part.name, name, True) - instructions(part.name, name, False))
            / (PASSES * len(part.frames))
            for name in IMPLEMENTATIONS
        }
        builtin, ours, floor = (cost[name] for name in IMPLEMENTATIONS)
        print(
            f"| {part.name} ({len(part.frames):,}) | {builtin:,.0f} | {ours:,.0f} | {floor:,.0f} | {builtin / ours:.2f}x"
            f" ({ws_run.TARGETS[part.name]:g}x) | {ours / floor:.2f}x |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
