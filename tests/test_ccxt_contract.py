"""What ccxt and the frameworks on it expect of an exchange class: features, error classes,
fees in markets, derivable leverage, funding rates, the account-wide leverage, pagination params."""

import warnings

import ccxt
import pytest
from ccxt.test.exchange.sync.test_features import test_features as ccxts_features_check

from ccxt_backpack import backpack
from ccxt_backpack.async_support import backpack as async_backpack
from support import API_KEY, SECRET, response_fixture
from test_adapter import stubbed


@pytest.mark.parametrize("flavour", [backpack, async_backpack])
def test_features_pass_ccxts_own_check(flavour):
    exchange = flavour({"timeout_on_exit": 0})
    ccxts_features_check(exchange, {})
    create = exchange.features["spot"]["createOrder"]
    assert create["stopLossPrice"] and create["takeProfitPrice"] and create["timeInForce"]["PO"] and not create["timeInForce"]["GTD"]
    assert exchange.features["swap"]["linear"]["createOrders"]["max"] == 20 and exchange.features["swap"]["inverse"] is None
    assert exchange.features["spot"]["fetchOHLCV"]["limit"] == 1000 and exchange.features["spot"]["fetchMyTrades"]["limit"] == 1000


@pytest.mark.parametrize(
    "url,error",
    [
        ("https://api.backpack.exchange/api/v1/order", ccxt.OrderNotFound),
        ("https://api.backpack.exchange/api/v1/orders", ccxt.OrderNotFound),
        ("http://127.0.0.1:8080/backpack/api/v1/order?symbol=SOL_USDC&orderId=1", ccxt.OrderNotFound),
        ("https://api.backpack.exchange/api/v1/rfq/accept", ccxt.BadRequest),
        ("https://api.backpack.exchange/wapi/v1/capital/deposit/address", ccxt.BadRequest),
    ],
)
def test_resource_not_found_is_order_not_found_only_where_an_order_is_meant(url, error):
    exchange = backpack()
    body = '{"code":"RESOURCE_NOT_FOUND","message":"Not found"}'
    with pytest.raises(error) as raised:
        exchange.handle_errors(404, "Not Found", url, "GET", {}, body, {"code": "RESOURCE_NOT_FOUND", "message": "Not found"}, {}, None)
    assert (raised.type is ccxt.OrderNotFound) == (error is ccxt.OrderNotFound)


def test_markets_carry_the_default_fee_tier_and_the_accounts_own_with_keys(markets_raw):
    public = backpack()
    stubbed(public, response_fixture("fetchCurrencies")["httpResponse"], markets_raw)  # ccxt loads currencies first
    public.load_markets()
    assert (public.markets["SOL/USDC"]["maker"], public.markets["SOL/USDC"]["taker"]) == (0.0008, 0.001)
    assert (public.markets["SOL/USDC:USDC"]["maker"], public.markets["SOL/USDC:USDC"]["taker"]) == (0.0002, 0.0005)

    trader = backpack({"apiKey": API_KEY, "secret": SECRET})
    account = dict(response_fixture("fetchTradingFees")["httpResponse"], spotMakerFee="6", spotTakerFee="9", futuresMakerFee="-1", futuresTakerFee="4")
    stubbed(trader, response_fixture("fetchCurrencies")["httpResponse"], markets_raw, account)
    trader.load_markets()
    assert (trader.markets["SOL/USDC"]["maker"], trader.markets["SOL/USDC"]["taker"]) == (0.0006, 0.0009)
    assert (trader.markets["SOL/USDC:USDC"]["maker"], trader.markets["SOL/USDC:USDC"]["taker"]) == (-0.0001, 0.0004)


def test_keys_that_cannot_read_the_fees_keep_the_default_tier(markets_raw):
    trader = backpack({"apiKey": API_KEY, "secret": SECRET})
    answers = iter([response_fixture("fetchCurrencies")["httpResponse"], markets_raw])

    def fetch(url, method="GET", headers=None, body=None):
        if "api/v1/account" in url:
            raise ccxt.AuthenticationError("backpack Unauthorized")
        return next(answers)

    trader.fetch = fetch
    trader.load_markets()
    assert trader.markets["SOL/USDC"]["taker"] == 0.001


def test_positions_leave_leverage_to_ccxts_derivation(offline):
    stubbed(offline, response_fixture("fetchPositions")["httpResponse"])
    position = offline.fetch_positions()[0]
    assert position["leverage"] == 50.0 and position["initialMarginPercentage"] == 0.02  # 1 / imf, as ccxt derives it
    assert position["initialMargin"] == pytest.approx(position["notional"] * 0.02)


def test_funding_history_carries_the_rate_of_each_payment(offline):
    stubbed(offline, response_fixture("fetchFundingHistory")["httpResponse"])
    assert [entry["rate"] for entry in offline.fetch_funding_history("ETH/USDC:USDC")] == [1.25e-05, -4.8e-06]


@pytest.mark.parametrize("mode", ["warn", "allow", "refuse"])
def test_set_leverage_with_a_symbol_says_it_is_account_wide(offline, mode):
    """freqtrade calls setLeverage(x, symbol) before every entry: on Backpack that is the account's limit."""
    offline.options["accountWideLeverage"] = mode
    stubbed(offline, "")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if mode == "refuse":
            with pytest.raises(ccxt.NotSupported, match="whole account"):
                offline.set_leverage(5, "SOL/USDC:USDC")
            return
        offline.set_leverage(5, "SOL/USDC:USDC")
        offline.set_leverage(6, "ETH/USDC:USDC")
        offline.set_leverage(7)  # no symbol: nothing to say
    said = [str(warning.message) for warning in caught]
    assert len(said) == (1 if mode == "warn" else 0)
    assert not said or "sets the leverage limit of the whole account" in said[0]


def test_ccxts_pagination_params_are_consumed_not_sent(offline):
    sent = stubbed(offline, [])
    offline.fetch_my_trades("SOL/USDC", None, None, {"paginate": True, "paginationCalls": 3, "maxEntriesPerRequest": 50, "paginationDirection": "forward"})
    assert len(sent) == 1 and "limit=50&" in sent[0]
    assert not any(name in sent[0] for name in ("paginate", "paginationCalls", "maxEntriesPerRequest", "paginationDirection"))


@pytest.fixture
def silent_server():
    """A server that accepts connections and never answers."""
    import socket

    listener = socket.create_server(("127.0.0.1", 0))
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


@pytest.mark.parametrize("flavour", ["sync", "async"])
@pytest.mark.parametrize("where,reason", [("http://127.0.0.1:9", "connection refused"), ("http://no-such-host.invalid", "name not resolved"), ("silent", "timed out")])
def test_a_transport_failure_says_why_and_which_call_needed_the_markets(flavour, where, reason, silent_server):
    from exchange_checks import Client

    client = Client(flavour, {"options": {"server": silent_server if where == "silent" else where}, "timeout": 300})
    try:
        with pytest.raises(ccxt.NetworkError) as raised:
            client.fetch_ticker("SOL/USDC")
    finally:
        client.close()
    assert f"({reason}) (while loading the markets for fetchTicker())" in str(raised.value)


def test_a_market_type_in_params_keeps_the_tickers_of_that_type(offline):
    """freqtrade's futures mode asks fetch_tickers(None, {'type': 'swap'}): ccxt's type, never sent."""
    urls = stubbed(offline, response_fixture("fetchTickers")["httpResponse"])
    every = offline.fetch_tickers()
    swaps = offline.fetch_tickers(None, {"type": "swap"})
    spots = offline.fetch_tickers(None, {"type": "spot"})
    assert swaps and spots and set(swaps) | set(spots) <= set(every)
    assert all(offline.markets[symbol]["swap"] for symbol in swaps) and all(offline.markets[symbol]["spot"] for symbol in spots)
    assert not any("type=" in url for url in urls)
    with pytest.raises(ccxt.BadRequest, match=r"params\['type'\] must be one of spot, margin, swap, future, option; got 'perp'"):
        offline.fetch_tickers(None, {"type": "perp"})


def test_parse_balance_reads_either_answer(offline):
    """parse_balance tells the wallet (GET /capital) from the collateral summary (/capital/collateral)."""
    for index in (0, 1):
        fixture = response_fixture("fetchBalance", index)
        parsed = offline.parse_balance(fixture["httpResponse"])
        assert parsed["total"] == fixture["parsedResponse"]["total"] and parsed["total"]


def test_structure_keys_are_read_from_ccxts_own_types():
    """One place (ccxt_backpack.structures) reads ccxt.base.types: nested dicts become dotted keys,
    lists of structures stay one key, and Num/Int annotations say which keys hold numbers."""
    from ccxt_backpack import structures
    from generator.ccxt_api import STRUCTURE_KEYS

    assert {"fee.cost", "fee.currency", "trades"} <= set(structures.keys("order"))
    assert not any(key.startswith("trades.") for key in structures.keys("order"))
    assert {"price", "amount", "fee.cost"} <= set(structures.numbers("order")) and "status" not in structures.numbers("order")
    assert {"timestamp", "lastTradeTimestamp"} <= set(structures.integers("order"))
    assert "limits.amount.min" in structures.numbers("market") and "expiry" in structures.integers("market")
    for kind, keys in STRUCTURE_KEYS.items():  # what a spec may map is ccxt's, where ccxt types the kind
        if kind in structures.TYPES:
            assert keys <= set(structures.keys(kind)), kind
