"""Where ccxt_backpack spends its time in each case of bench/run.py (cProfile).

Prints, per case, the functions with the most time of their own (tottime) over
`--calls` calls of ccxt_backpack (the transport stubbed as in run.py), as a share
of the profiled total, with the share of the time spent in them and what they
call (cumtime). cProfile inflates the cost of small functions, so read
the shares as where to look, and bench/run.py's medians as what they cost.

    python bench/hotspots.py [--only TEXT] [--top N] [--calls N]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # noqa: E402
from ccxt_backpack import backpack  # noqa: E402


def profile(case, ours, calls):
    run.stub(ours, case.answer, run.decoder(ours, case))
    case.call(ours)  # warm: caches, first-call imports
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(calls):
        case.call(ours)
    profiler.disable()
    return pstats.Stats(profiler)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", help="only the cases whose label contains this text")
    parser.add_argument("--top", type=int, default=12, help="functions per case (default 12)")
    parser.add_argument("--calls", type=int, default=0, help="calls per case (default: about 0.5 s of them)")
    args = parser.parse_args(argv)
    ours = run.exchange(backpack)
    for case in run.cases(run.payloads()):
        if args.only and args.only.lower() not in case.label.lower():
            continue
        run.stub(ours, case.answer, run.decoder(ours, case))
        calls = args.calls or max(1, int(0.5 / max(run.sample(lambda: case.call(ours), 3), 1e-7)))
        stats = profile(case, ours, calls)
        total = sum(entry[2] for entry in stats.stats.values())  # tottime of every function
        print(f"\n## {case.label}: {calls} calls, {total / calls * 1e6:.1f} µs a call profiled")
        print("| own | with callees | calls a call | function |")
        print("|---|---|---|---|")
        ranked = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)[: args.top]
        for (filename, line, name), (_, ncalls, tottime, cumtime, _) in ranked:
            where = f"{Path(filename).parent.name}/{Path(filename).name}:{line}" if line else filename
            print(
                f"| {tottime / total:5.1%} | {min(cumtime / total, 1):5.1%} | {ncalls / calls:g} | {name} ({where}) |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
