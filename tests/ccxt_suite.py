"""Run ccxt's own live test suite against ccxt_backpack and the simulator.

ccxt ships its live suite in the wheel: ``ccxt/test/tests_sync.py`` and ``tests_async.py``
(class ``testMainClass``, started by ``ccxt/test/tests_init.py``), the per-method tests in
``ccxt/test/exchange/{sync,async}/test_<method>.py`` and the structure validators in
``ccxt/test/exchange/base/``. ccxt's CI starts it as

    python python/ccxt/test/tests_init.py backpack [SYMBOL | method()] [--private] [--sync] [--info]

from a source checkout. From the installed wheel three things are in the way, and the
runner below (``python tests/ccxt_suite.py --root DIR -- ARGS``) removes them without
copying or editing anything in site-packages:

1. ``tests_helpers`` refuses to run when ``ccxt.__file__`` contains ``site-packages``: the
   runner hides the path of ``ccxt.async_support`` while that module is imported.
2. It reads ``keys.json``, ``keys.local.json`` and (unconditionally) ``skip-tests.json`` from
   ``ROOT_DIR = ccxt/test/../../../`` (``lib/python3.11/`` in a venv): the runner points
   ``tests_helpers.ROOT_DIR`` at a directory of our own (``write_settings`` fills it).
   ``keys*.json[id]`` is applied to the exchange with ``set_exchange_prop`` (dicts are
   deep-extended): that is where ``apiKey``, ``secret`` and ``urls`` go. Values that are
   ``False``, ``0``, ``""`` or ``None`` are ignored by ccxt.
3. ``tests_init.py`` imports ``ccxt.pro.test``, which needs ``psutil``: the runner calls
   ``testMainClass().init(...)`` itself, as ``tests_init.py`` does.

The exchange is built by id (``getattr(ccxt, 'backpack')`` / ``ccxt.async_support``), so
``ccxt_backpack.register()`` is all it takes to test our classes.

ccxt's suite always ends with exit code 0 (``exit_script(0)``); a failed method prints a
``[TEST_FAILURE]`` line (and the summary ``[TEST_FAILURE] backpack PUBLIC_TESTS Failed methods :
...``), a crash goes through its ``sys.excepthook`` (``[TEST_FAILURE]`` ... and exit 1). A method
raising an ``OperationFailed`` is retried three times and then only reported as
``[TEST_WARNING]``; ``NotSupported`` and, in public tests, ``AuthenticationError`` pass silently
(``[INFO] NOT_SUPPORTED`` / ``Authentication problem`` with ``--info``). ``SuiteResult`` counts
all of these as problems: against a local simulator none of them is expected.

Invocations (from /work/main, with .venv/bin/python):

    python tests/ccxt_suite.py                  # simulator + history + ccxt's suite, sync and async
    python tests/ccxt_suite.py sync -- 'fetchPositions()' --private --info   # after --: ccxt's arguments
    python tests/ccxt_suite.py --root DIR -- backpack --private --sync --info    # the bare runner

The bare runner is what ``run_suite`` starts; DIR holds ``keys.json`` and ``skip-tests.json``
(``write_settings``). ccxt's own arguments: ``backpack`` (exchange id), an optional symbol
(``BTC/USDC``) or method list (``fetchBalance(),fetchDeposits()``: a value with ``()``),
``--private`` (public tests, then private ones; ``--privateOnly`` for private only),
``--sync`` (tests_sync instead of tests_async), ``--info`` (log skipped and unsupported
tests), ``--verbose``, ``--fundedTests`` (adds createOrder: see the note at ``SKIPS``),
``--sandbox``. Without a symbol ccxt picks BTC/USDC (spot) and BTC/USDC:USDC (swap),
and BTC as the currency of private tests (``get_valid_symbol``, ``get_exchange_code``).
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

EXCHANGE_ID = "backpack"
HERE = Path(__file__).resolve().parent


def ccxt_test_dir() -> Path:
    import ccxt

    return Path(ccxt.__file__).resolve().parent / "test"


# ------------------------------------------------------------------ skips
# ccxt's skip-tests.json entry for backpack (read by tests_sync.py expand_settings/get_skips):
# only fields the Backpack API does not provide, each with its reason (backpack-api.md
# sections). "skipMethods" keys are method names or ccxt's object groups ("depositWithdraw"
# = fetchDeposits/fetchWithdrawals/fetchDepositsWithdrawals, "ledger" = fetchLedger/
# fetchLedgerEntry); a skipped "timestamp" also skips "datetime".
#
# Not run: createOrder, which ccxt tests only with --fundedTests. Its Python port cannot run
# for any exchange in ccxt 4.5.90 (exchange['id'] on an Exchange, str + float in its log lines,
# an undefined Error, decimal_to_precision with ROUND_UP, an un-awaited fetch_order_book in the
# async lane), and it asserts market limits.cost.min, which Backpack does not provide
# (QuantityFilter and PriceFilter only, backpack-api.md 5.3).
SKIPS = {
    "skipMethods": {
        "fetchCurrencies": {
            "precision": "an asset on no network (a dated future's) has no decimals: the API gives nativeDecimals per network only (backpack-api.md 5.4 Token)",
        },
        "depositWithdraw": {
            "updated": "Deposit and Withdrawal have createdAt only, no update time (backpack-api.md 5.4)",
        },
        "ledger": {
            "account": "Backpack has one account per key: deposits, withdrawals and settlements name no account or wallet (backpack-api.md 5.4)",
            "before": "no running balance in Deposit, Withdrawal, Settlement, FundingPayment or InterestPayment (backpack-api.md 5.4)",
            "after": "no running balance in Deposit, Withdrawal, Settlement, FundingPayment or InterestPayment (backpack-api.md 5.4)",
        },
        "fetchPositions": {
            "timestamp": "FuturePositionWithMargin has no time field (backpack-api.md 4.10, 5.4); datetime follows",
            "collateral": "cross margin only: a position has no collateral of its own, FuturePositionWithMargin has only imf/mmf fractions (backpack-api.md 5.4)",
        },
    },
}


# ------------------------------------------------------------------ settings files
def write_settings(
    root, *, rest_url: str, api_key: str, secret: str, skips: dict | None = None, extra: dict | None = None
) -> Path:
    """Write keys.json and skip-tests.json for EXCHANGE_ID into ``root`` (ccxt's ROOT_DIR)."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    settings = {
        "apiKey": api_key,
        "secret": secret,
        "urls": {"api": {"public": rest_url, "private": rest_url, "web": rest_url}},
    }
    settings.update(extra or {})
    (root / "keys.json").write_text(json.dumps({EXCHANGE_ID: settings}, indent=2))
    (root / "skip-tests.json").write_text(json.dumps({EXCHANGE_ID: skips or {}}, indent=2))
    return root


# ------------------------------------------------------------------ results
FAILURE, WARNING = "[TEST_FAILURE]", "[TEST_WARNING]"
_ENTRY = re.compile(r"^(\[INFO|\[TEST_|\[WARN|\[INFO:MAIN\]| >>>>> )")


@dataclasses.dataclass
class SuiteResult:
    args: list
    returncode: int
    output: str
    seconds: float

    def _blocks(self, prefix):
        """Each line starting with ``prefix`` together with its continuation lines (tracebacks)."""
        blocks, current = [], None
        for line in self.output.splitlines():
            if _ENTRY.match(line):
                current = None
                if line.startswith(prefix):
                    current = [line]
                    blocks.append(current)
            elif current is not None:
                current.append(line)
        return ["\n".join(block).rstrip() for block in blocks]

    @property
    def failures(self):
        """Per-method failures (the ``Failed methods :`` summaries are left out)."""
        return [b for b in self._blocks(FAILURE) if "Failed methods :" not in b and b.strip() != FAILURE]

    @property
    def failure_records(self):
        """(method, message) per failure: the method from ``[TEST_FAILURE] backpack <method>``, the
        message from the exception line that closes the traceback (or the first line)."""
        records = []
        for block in self.failures:
            lines = block.splitlines()
            words = lines[0].split()
            method = words[2] if len(words) > 2 and words[1] == EXCHANGE_ID else "?"
            message = lines[0]
            for line in reversed(lines[1:]):
                if re.match(r"^[A-Za-z_.]*(Error|Exception|NotSupported|Required|Invalid\w*)\b", line):
                    message = line
                    break
            records.append((method, message))
        return records

    @property
    def failed_methods(self):
        found = []
        for line in self.output.splitlines():
            if "Failed methods :" in line:
                kind = "public" if "PUBLIC_TESTS" in line else "private"
                found += [(kind, name.strip()) for name in line.split("Failed methods :", 1)[1].split(",")]
        return found

    @property
    def warnings(self):
        return self._blocks(WARNING)

    @property
    def not_supported(self):
        return self._blocks("[INFO] NOT_SUPPORTED")

    @property
    def auth_problems(self):
        return [b for b in self._blocks("[INFO] ") if "Authentication problem" in b]

    @property
    def tested(self):
        """Methods whose test ran to the end (``[INFO] TESTING DONE backpack <method>``)."""
        return [line.split()[-1] for line in self.output.splitlines() if line.startswith("[INFO] TESTING DONE")]

    @property
    def skipped(self):
        """(reason, method) for every test ccxt did not run (needs --info)."""
        found = []
        for line in self.output.splitlines():
            match = re.match(
                r"^\[INFO\] (UNSUPPORTED_TEST|SKIPPED_TEST|UNIMPLEMENTED_TEST|IGNORED_TEST)\s+\S+\s+(\S+)", line
            )
            if match:
                found.append((match.group(1), match.group(2)))
        return found

    @property
    def problems(self):
        problems = self.failures + self.warnings + self.not_supported + self.auth_problems
        if self.returncode != 0 and not problems:
            problems.append(f"exit code {self.returncode}\n{self.output[-3000:]}")
        return problems

    @property
    def passed(self):
        return self.returncode == 0 and not self.problems and "[INFO:MAIN] Exchange loaded" in self.output

    def summary(self):
        lines = [
            f"ccxt suite {' '.join(self.args)}: exit {self.returncode}, {self.seconds:.1f} s, {len(self.tested)} method tests done"
        ]
        lines += self.problems
        return "\n".join(lines)


def suite_args(*, sync: bool, private: bool = True, funded: bool = False, info: bool = True, methods=None, symbol=None):
    """ccxt's command line (after the script name). ``methods`` limits the run to some tests."""
    args = [EXCHANGE_ID]
    if methods:
        args.append(",".join(m if m.endswith("()") else m + "()" for m in methods))
    elif symbol:
        args.append(symbol)
    if private:
        args.append("--private")
    if funded:
        args.append("--fundedTests")
    if sync:
        args.append("--sync")
    if info:
        args.append("--info")
    return args


def run_suite(
    root, *, timeout: float = 300, env: dict | None = None, args: list | None = None, builtin: bool = False, **options
) -> SuiteResult:
    """Run ccxt's suite in a child process against the settings in ``root``; ``args`` (ccxt's
    command line after the script name) or ``suite_args(**options)``. ``builtin``: on ccxt's
    own ``backpack`` class instead of ours (the yardstick)."""
    args = args or suite_args(**options)
    own = ["--root", str(root), *(["--builtin"] if builtin else [])]
    command = [sys.executable, str(Path(__file__).resolve()), *own, "--", *args]
    started = time.monotonic()
    import ccxt_backpack

    # the child imports the same ccxt_backpack as this process, installed or not
    package_parent = str(Path(ccxt_backpack.__file__).resolve().parent.parent)
    python_path = os.pathsep.join(p for p in (package_parent, os.environ.get("PYTHONPATH")) if p)
    child_env = dict(
        os.environ, PYTHONUNBUFFERED="1", PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=python_path, **(env or {})
    )
    completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=child_env)
    output = completed.stdout + ("\n" + completed.stderr if completed.stderr.strip() else "")
    return SuiteResult(args, completed.returncode, output, time.monotonic() - started)


# ------------------------------------------------------------------ account history
# ccxt's private tests run on the symbols and the currency it picks itself (tests_sync.py
# get_valid_symbol / get_exchange_code): spot BTC/USDC (ETH/USDC second), swap BTC/USDC:USDC,
# currency BTC. The history is built there, so that the validators see real entries.
SPOT, SWAP, CODE = "BTC/USDC", "BTC/USDC:USDC", "BTC"
WITHDRAWAL_ADDRESS = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"


def build_history(sim, client, api_key: str) -> dict:
    """Give the account at ``api_key`` (``client`` is a sync ccxt_backpack instance logged in
    with it) a history on ccxt's test symbols: deposits (simulator admin helper), a withdrawal,
    spot and perp orders open, cancelled and filled, fills, a perp position and a funding
    payment (the simulator's settle_funding). Returns what was made, by kind."""
    made = {}
    made["deposits"] = [
        sim.call(sim.sim.credit_deposit, api_key, CODE, "0.5", "bitcoin"),  # an on-chain deposit (source bitcoin)
        sim.call(sim.sim.credit_deposit, api_key, "USDC", "5000"),  # an administrator credit
    ]
    made["withdrawal"] = client.withdraw(CODE, 0.01, WITHDRAWAL_ADDRESS, None, {"network": "BTC"})
    client.load_markets()
    orders = {}
    for symbol in (SPOT, SWAP):
        best_bid = client.fetch_order_book(symbol, 5)["bids"][0][0]  # Backpack tickers carry no bid/ask
        low = float(client.price_to_precision(symbol, best_bid * 0.8))
        amount = client.markets[symbol]["limits"]["amount"]["min"] or 0.001
        amount = max(amount, 0.001)
        cancelled = client.create_order(symbol, "limit", "buy", amount, low)
        client.cancel_order(cancelled["id"], symbol)
        orders[symbol] = {
            "filled": client.create_order(symbol, "market", "buy", amount),
            "cancelled": cancelled,
            "open": client.create_order(symbol, "limit", "buy", amount, low),
        }
    made["orders"] = orders
    made["position"] = client.fetch_position(SWAP)
    made["funding"] = sim.call(sim.sim.settle_funding)
    return made


# ------------------------------------------------------------------ the child process
def _main(argv) -> None:
    """``ccxt_suite.py --root DIR -- <ccxt arguments>``: run ccxt's testMainClass on our classes."""
    separator = argv.index("--")
    own, ccxt_args = argv[:separator], argv[separator + 1 :]
    root = own[own.index("--root") + 1]

    import ccxt
    import ccxt.async_support

    if "--builtin" not in own:
        import ccxt_backpack

        ccxt_backpack.register()
    test_dir = ccxt_test_dir()
    sys.path.insert(0, str(test_dir))  # tests_helpers, tests_sync, tests_async are imported top-level
    sys.argv = [str(test_dir / "tests_init.py"), *ccxt_args]  # tests_helpers parses sys.argv on import
    real_file = ccxt.async_support.__file__
    ccxt.async_support.__file__ = "/ccxt-suite/ccxt/async_support/__init__.py"  # the site-packages guard
    try:
        import tests_helpers
    finally:
        ccxt.async_support.__file__ = real_file
    tests_helpers.ROOT_DIR = str(Path(root).resolve()) + "/"
    print(
        f"[INFO:RUNNER] ccxt {ccxt.__version__} from {test_dir}; exchange class {ccxt.backpack.__module__}", flush=True
    )
    helpers = tests_helpers
    if helpers.IS_SYNCHRONOUS:
        from tests_sync import testMainClass

        testMainClass().init(helpers.argvExchange, helpers.argvSymbol, helpers.argvMethod)
    else:
        import asyncio

        from tests_async import testMainClass

        expand_settings = testMainClass.expand_settings

        def expand_then_pace(self, exchange):
            """keys.json's rateLimit reaches the sync class, whose throttle reads it on every request,
            but not the async class's Throttler, made by the constructor with the class's 50 ms:
            made again here from the rateLimit set (without it, the suite waits 50 ms a request)."""
            expand_settings(self, exchange)
            exchange.tokenBucket = None
            exchange.init_rest_rate_limiter()

        testMainClass.expand_settings = expand_then_pace
        asyncio.run(testMainClass().init(helpers.argvExchange, helpers.argvSymbol, helpers.argvMethod))


def _with_simulator(argv) -> int:
    """``ccxt_suite.py [sync|async] [builtin] [-- ccxt arguments after the id]``: simulator,
    history, suite (``builtin``: on ccxt's own class, with the same history and skips)."""
    import tempfile

    from backpack_sim import DEMO_API_KEY, DEMO_SECRET, SimulatorThread

    from ccxt_backpack import backpack

    own, extra = (argv[: argv.index("--")], argv[argv.index("--") + 1 :]) if "--" in argv else (argv, None)
    flavours = [f for f in ("sync", "async") if f in own] or ["sync", "async"]
    ok = True
    with SimulatorThread(seed=8, tick_interval=0.5) as sim, tempfile.TemporaryDirectory() as root:
        url = sim.rest_url
        client = backpack(
            {
                "apiKey": DEMO_API_KEY,
                "secret": DEMO_SECRET,
                "enableRateLimit": False,
                "urls": {"api": {"public": url, "private": url, "web": url}},
            }
        )
        build_history(sim, client, DEMO_API_KEY)
        write_settings(root, rest_url=url, api_key=DEMO_API_KEY, secret=DEMO_SECRET, skips=SKIPS)
        for flavour in flavours:
            args = None if extra is None else [EXCHANGE_ID, *extra, *(["--sync"] if flavour == "sync" else [])]
            result = run_suite(root, args=args, sync=flavour == "sync", builtin="builtin" in own)
            print(result.output)
            print("=" * 30, flavour, "=" * 30)
            print(result.summary())
            ok = ok and result.passed
    return 0 if ok else 1


if __name__ == "__main__":
    if "--root" in sys.argv[1:]:
        _main(sys.argv[1:])
    else:
        sys.path.insert(0, str(HERE.parent))  # backpack_sim
        sys.exit(_with_simulator(sys.argv[1:]))
