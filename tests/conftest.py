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


@pytest.fixture(scope="session", autouse=True)
def one_ssl_context():
    """ccxt's async classes make an SSL context each time an exchange opens its session, loading
    certifi's CA bundle (25 ms of CPU); the tests open hundreds, every one to 127.0.0.1 over plain
    HTTP or WebSocket. One context made the same way serves them all (an exchange given its own
    still uses that)."""
    import ssl

    import certifi
    from ccxt.async_support.base.exchange import Exchange

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Exchange, "ssl_context", ssl.create_default_context(cafile=certifi.where()))
        yield
