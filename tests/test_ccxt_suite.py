"""ccxt's own live test suite (shipped in the ccxt wheel under ccxt/test/) against our classes
and the simulator: sync and async, public and private, on an account with history.

How it is started, and what the runner works around: see tests/ccxt_suite.py. Every
skip goes through ccxt's own mechanism (skip-tests.json, ccxt_suite.SKIPS) and names a
field the Backpack API does not provide.
"""

import pytest

from backpack_sim import DEMO_API_KEY, DEMO_SECRET, SimulatorThread
from ccxt_suite import CODE, SKIPS, SPOT, SWAP, build_history, run_suite, write_settings

@pytest.fixture(scope="module")
def suite(tmp_path_factory):
    """A running simulator, the demo account with history, and ccxt's settings files for it:
    (settings directory, a sync client of the demo account)."""
    from ccxt_backpack import backpack

    with SimulatorThread(seed=8, tick_interval=0.5) as sim:
        url = sim.rest_url
        client = backpack(
            {
                "apiKey": DEMO_API_KEY,
                "secret": DEMO_SECRET,
                "enableRateLimit": False,
                "options": {"server": url},
            }
        )
        build_history(sim, client, DEMO_API_KEY)
        # the simulator needs no pacing: ccxt's 50 ms between requests would be most of the sync
        # suite's time (keys.json cannot say enableRateLimit: false, ccxt ignores false values)
        root = write_settings(
            tmp_path_factory.mktemp("ccxt-suite"),
            rest_url=url,
            api_key=DEMO_API_KEY,
            secret=DEMO_SECRET,
            skips=SKIPS,
            extra={"rateLimit": 1},
        )
        yield root, client


def test_the_history_is_where_ccxt_looks(suite):
    """ccxt's list tests pass on an empty list (in the Python port, assert_non_emtpy_array only
    checks when 'emptyResponse' is skipped), so the entries its validators see are checked here."""
    _, client = suite
    for symbol in (SPOT, SWAP):
        statuses = {order["status"] for order in client.fetch_orders(symbol)}
        assert {"open", "closed", "canceled"} <= statuses, symbol
        assert (
            client.fetch_open_orders(symbol) and client.fetch_closed_orders(symbol) and client.fetch_my_trades(symbol)
        ), symbol
    assert client.fetch_deposits(CODE) and client.fetch_withdrawals(CODE) and client.fetch_ledger(CODE)
    assert [position["symbol"] for position in client.fetch_positions()] == [SWAP]
    assert client.fetch_funding_history(SWAP)


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_ccxt_live_suite(suite, flavour):
    """ccxt's tests_sync / tests_async with --private (public tests, then private ones), spot
    BTC/USDC and swap BTC/USDC:USDC, currency BTC (ccxt's own choice)."""
    root, _ = suite
    result = run_suite(root, sync=flavour == "sync", private=True, timeout=240)
    print(result.summary())
    assert result.returncode == 0 and not result.problems, result.summary()  # failures, warnings, NotSupported
    assert "[INFO:MAIN] Exchange loaded" in result.output and result.tested, result.summary()
    assert result.passed, result.summary()


def test_the_same_suite_stops_at_load_markets_on_ccxts_builtin_class(suite):
    """The README's comparison: ccxt's own backpack class, same simulator, history and skips."""
    root, _ = suite
    result = run_suite(root, sync=True, private=True, builtin=True, timeout=240)
    assert "exchange class ccxt.backpack" in result.output
    assert [method for method, _ in result.failure_records] == ["loadMarkets"], result.summary()
    assert '"taker" key is expected to have a value' in result.failure_records[0][1] and not result.tested[1:], result.summary()
