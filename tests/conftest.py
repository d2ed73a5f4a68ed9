import pytest

from support import API_KEY, SECRET, response_fixture


@pytest.fixture
def markets_raw():
    return response_fixture("fetchMarkets")["httpResponse"]


@pytest.fixture
def offline(markets_raw):
    """A sync exchange with the fixture markets loaded and no network."""
    from ccxt_backpack import backpack

    exchange = backpack({"apiKey": API_KEY, "secret": SECRET, "enableRateLimit": False})
    exchange.set_markets(exchange.parse_markets(markets_raw))
    return exchange
