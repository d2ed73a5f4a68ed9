"""Backpack for ccxt (sync): the unified methods, each mapped onto the API by the spec.

Generated from spec/backpack; do not edit.
"""

from typing import Any, Callable

from ccxt.base.exchange import Exchange
from ccxt.base.types import (
    Balances,
    BorrowInterest,
    Conversion,
    CrossBorrowRate,
    CrossBorrowRates,
    Currencies,
    DepositAddress,
    DepositWithdrawFees,
    FundingHistory,
    FundingRate,
    FundingRateHistory,
    FundingRates,
    Int,
    LedgerEntry,
    Leverage,
    MarginLoan,
    MarginMode,
    Market,
    Num,
    OpenInterest,
    OpenInterests,
    Order,
    OrderBook,
    OrderRequest,
    OrderSide,
    OrderType,
    Position,
    Status,
    Str,
    Strings,
    Ticker,
    Tickers,
    Trade,
    TradingFees,
    Transaction,
)

from ccxt.base.errors import (
    AccountSuspended,
    ArgumentsRequired,
    AuthenticationError,
    BadRequest,
    BadResponse,
    BadSymbol,
    BaseError,
    InvalidOrder,
    NetworkError,
    NotSupported,
    OperationFailed,
    OrderNotFound,
    PermissionDenied,
)

from .base import BackpackMixin, FETCH_OHLCV_PRICE_TYPE
from .abstract import ImplicitAPI
from .checks import MalformedItem, count_request, guarded, requests_sent, set_requests_sent
from .handwritten.convert_sync import Methods as ConvertMethods
from .runtime import (
    AnswerWithoutBody,
    EARLIEST_TIME,
    NO_BODY,
    RETRY_OPTIONS,
    decimal_text,
    filter_since_limit,
    lookup,
    min_value,
    ms_time,
    ms_to_s,
    ms_to_s_up,
    new_client_order_id,
    no_retry_option,
    omit_keys,
    option_integer,
    round_up,
    scaled_number,
    sort_by,
    to_integer,
    to_number,
    with_reason,
)


class backpack(ConvertMethods, BackpackMixin, Exchange, ImplicitAPI):

    @guarded
    def fetch2(
        self, path: str, api: list[str] = ["public"], method: str = "GET", params: dict | list = {}, config: dict = {}
    ) -> Any:
        """ccxt's fetch2, except that its retries (options['maxRetriesOnFailure'])
        re-send only GET requests, which change nothing: a request that changes
        state is sent once, so that a lost answer never places an order twice
        (createOrder retries on its own, by client id).

        Without retry options or ccxt's fetch history cache, a leaner path skips
        ccxt's option lookups, which cost more than signing a request.

        An answer the endpoint documents as having no body (a 202 to a cancel, a 204) is None.
        """
        response = self.send_request(path, api, method, params, config)
        return None if response is NO_BODY else response

    def send_request(self, path: str, api: list[str], method: str, params: dict | list, config: dict) -> Any:
        """fetch2 without its guard: the unified methods, guarded themselves, send their requests here.

        An answer the endpoint documents as having no body (a 202 to a cancel, a 204) is NO_BODY.
        """
        try:
            if params.__class__ is not dict and not (params.__class__ is list and method != "GET"):
                raise BadRequest(
                    f"{self.id} {method} {path}: params must be a dict{' (or a list, for a body)' if method != 'GET' else ''}; got {params!r:.100}"
                )
            retry_params = params.__class__ is dict and not no_retry_option(params)
            if method == "GET" and (
                retry_params
                or self.fetchHistoryCacheSize > 0
                or path in self.options
                or not no_retry_option(self.options)
            ):
                self.sign(
                    path, api, method, omit_keys(params, RETRY_OPTIONS)
                )  # a request that cannot be built fails here, unsent
                count_request()
                return super().fetch2(path, api, method, params, config)
            if retry_params:
                params = omit_keys(params, RETRY_OPTIONS)
            if self.enableRateLimit:
                self.throttle(self.calculate_rate_limiter_cost(api, method, path, params, config))
            self.lastRestRequestTimestamp = self.milliseconds()
            request = self.sign(path, api, method, params)
            self.last_request_headers = request["headers"]
            self.last_request_body = request["body"]
            self.last_request_url = request["url"]
            set_requests_sent(requests_sent() + 1)  # count_request(), without the call
            return self.fetch(request["url"], request["method"], request["headers"], request["body"])
        except AnswerWithoutBody as answer:
            return self.answer_without_body(method, path, answer)

    def fetch(self, url: str, method: str = "GET", headers: dict | None = None, body: str | None = None) -> Any:
        """ccxt's fetch; a transport failure also says why (refused, name not resolved, timed out...)."""
        try:
            return super().fetch(url, method, headers, body)
        except NetworkError as error:
            raise with_reason(error)

    def load_markets(self, reload: bool = False, params: dict = {}) -> dict[str, Any]:
        """ccxt's load_markets; with options['adjustForTimeDifference'] it first loads the
        offset of the exchange's clock, which signed requests then use."""
        if not reload and self.markets and self.markets_by_id:
            return self.markets  # loaded: nothing to fetch or fail
        if self.markets and not reload:
            return super().load_markets(reload, params)  # loaded: nothing to fetch or fail
        return self.load_markets_from_exchange(reload, params)

    @guarded
    def load_markets_from_exchange(self, reload: bool, params: dict) -> dict[str, Any]:
        try:
            return self.load_markets_and_fees(reload, params)
        except BaseError as error:
            error.loading_markets = True  # the method that needed the markets adds its name
            raise

    def load_markets_and_fees(self, reload: bool, params: dict) -> dict[str, Any]:
        if self.options.get("adjustForTimeDifference"):
            self.load_time_difference()
        markets = super().load_markets(reload, params)
        # with keys, the markets carry the account's own fees (options['loadTradingFees'] = False: the default
        # tier). Keys that cannot read them keep the default tier: the next private call says why.
        if self.apiKey and self.secret and self.options.get("loadTradingFees", True):
            try:
                fees = self.fetch_trading_fees()
            except (AuthenticationError, PermissionDenied, AccountSuspended):
                fees = {}
            for symbol, fee in fees.items():
                markets[symbol]["maker"], markets[symbol]["taker"] = fee["maker"], fee["taker"]
        return markets

    @guarded(name="fetchStatus")
    def fetch_status(self, params: dict = {}) -> Status:
        """
        Get system status (GET api/v1/status).

        https://docs.backpack.exchange/#tag/System/operation/get_status

        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: a `status structure <https://docs.ccxt.com/?id=exchange-status-structure>`
        """
        self.check_params("fetchStatus", params)
        response = self.send_request("api/v1/status", ["public"], "GET", params, {"cost": 1})
        return self.parse_status(self.answer_object(response, "fetchStatus"))

    @guarded(name="fetchTime")
    def fetch_time(self, params: dict = {}) -> Int:
        """
        Get system time (GET api/v1/time).

        https://docs.backpack.exchange/#tag/System/operation/get_time

        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns int: the exchange's time in ms
        """
        self.check_params("fetchTime", params)
        response = self.send_request("api/v1/time", ["public"], "GET", params, {"cost": 1})
        value = ms_time(response)
        if value is None or value < EARLIEST_TIME:  # a clock this wrong would sign every request wrong
            raise BadResponse(self.id + " fetchTime() expected a time in ms, got " + repr(response)[:200])
        return value

    @guarded(name="fetchMarkets")
    def fetch_markets(self, params: dict = {}) -> list[Market]:
        """
        Get markets (GET api/v1/markets).

        https://docs.backpack.exchange/#tag/Markets/operation/get_markets

        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict[]: a list of `market structures <https://docs.ccxt.com/?id=market-structure>`
        """
        self.check_params("fetchMarkets", params)
        request: dict = {
            "marketType": ["SPOT", "PERP", "IPERP", "DATED", "PREDICTION", "RFQ"],
        }

        response = self.send_request(
            "api/v1/markets", ["public"], "GET", {**request, **params} if params else request, {"cost": 1}
        )
        return self.parse_markets(self.answer_list(response, "fetchMarkets"))

    @guarded(name="fetchCurrencies")
    def fetch_currencies(self, params: dict = {}) -> Currencies:
        """
        Get assets (GET api/v1/assets).

        https://docs.backpack.exchange/#tag/Assets/operation/get_assets

        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: a dictionary of `currency structures <https://docs.ccxt.com/?id=currency-structure>`
        """
        self.check_params("fetchCurrencies", params)
        request: dict = {}

        response = self.send_request(
            "api/v1/assets", ["public"], "GET", {**request, **params} if params else request, {"cost": 1}
        )
        return {
            currency["code"]: currency for currency in self.parse_rows(self.parse_currency, response, "fetchCurrencies")
        }

    @guarded(name="fetchTicker")
    def fetch_ticker(self, symbol: str, params: dict = {}) -> Ticker:
        """
        Get ticker for a single market (GET api/v1/ticker).

        https://docs.backpack.exchange/#tag/Markets/operation/get_ticker

        :param str symbol: unified symbol of the market
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: a `ticker structure <https://docs.ccxt.com/?id=ticker-structure>`; for an answer without a body (204), the market's structure with every value None (the exchange has nothing to report)
        """
        self.check_params("fetchTicker", params)
        self.load_markets()
        market = self.market(symbol)
        request: dict = {
            "symbol": market["id"],
        }

        response = self.send_request(
            "api/v1/ticker", ["public"], "GET", {**request, **params} if params else request, {"cost": 1}
        )
        if response is NO_BODY:  # the exchange has nothing to report for the market: nothing is known
            return self.parse_ticker({}, market)
        return self.parse_ticker(self.answer_object(response, "fetchTicker"), market)

    @guarded(name="fetchTickers")
    def fetch_tickers(self, symbols: Strings = None, params: dict = {}) -> Tickers:
        """
        Get tickers for every market (GET api/v1/tickers).

        https://docs.backpack.exchange/#tag/Markets/operation/get_tickers

        :param str[] [symbols]: unified symbols of the markets, every market when None
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :param str [params.type]: the type of the markets to keep: spot, margin, swap, future or option
        :returns dict: a dictionary of `ticker structures <https://docs.ccxt.com/?id=ticker-structure>`
        """
        self.check_params("fetchTickers", params)
        self.check_symbols("fetchTickers", symbols)
        self.load_markets()
        symbols = self.market_symbols(symbols)
        request: dict = {}

        market_type, params = self.market_type_param("fetchTickers", params)
        response = self.send_request(
            "api/v1/tickers", ["public"], "GET", {**request, **params} if params else request, {"cost": 1}
        )
        result = {item["symbol"]: item for item in self.parse_rows(self.parse_ticker, response, "fetchTickers")}
        return self.filter_by_array(self.of_market_type(result, market_type), "symbol", symbols)

    @guarded(name="fetchOrderBook")
    def fetch_order_book(self, symbol: str, limit: Int = None, params: dict = {}) -> OrderBook:
        """
        Get depth (GET api/v1/depth).

        https://docs.backpack.exchange/#tag/Markets/operation/get_depth

        :param str symbol: unified symbol of the market
        :param int [limit]: the most order books to fetch
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: an `order book structure <https://docs.ccxt.com/?id=order-book-structure>`
        """
        self.check_params("fetchOrderBook", params)
        self.check_limit("fetchOrderBook", limit)
        self.load_markets()
        market = self.market(symbol)
        request: dict = {
            "symbol": market["id"],
        }
        value = round_up(limit, ("5", "10", "20", "50", "100", "500", "1000"))
        if value is not None:
            request["limit"] = value

        with self.depth_answer.expected():
            response = self.send_request(
                "api/v1/depth", ["public"], "GET", {**request, **params} if params else request, {"cost": 1}
            )
        book = self.parse_depth(self.answer_object(response, "fetchOrderBook"), market["symbol"])
        if limit is not None:
            book["bids"] = book["bids"][:limit]
            book["asks"] = book["asks"][:limit]
        return book

    @guarded(name="fetchTrades")
    def fetch_trades(self, symbol: str, since: Int = None, limit: Int = None, params: dict = {}) -> list[Trade]:
        """
        Get recent trades (GET api/v1/trades).
        Get historical trades (GET api/v1/trades/history), page by page, with since, an offset or paginate.

        https://docs.backpack.exchange/#tag/Trades/operation/get_recent_trades
        https://docs.backpack.exchange/#tag/Trades/operation/get_historical_trades

        :param str symbol: unified symbol of the market
        :param int [since]: the earliest time in ms of the trades to fetch
        :param int [limit]: the most trades to fetch
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :param int [params.until]: the latest time in ms of the trades to fetch
        :param boolean [params.paginate]: read page after page: up to paginationCalls requests of maxEntriesPerRequest trades (ccxt's pagination)
        :param int [params.offset]: read the one page at this offset
        :returns dict[]: a list of `trade structures <https://docs.ccxt.com/?id=public-trades>`
        """
        self.check_params("fetchTrades", params)
        since, until = self.check_since("fetchTrades", since, params.get("until"))
        if until is not None:
            params = self.extend(params, {"until": until})
        self.check_limit("fetchTrades", limit)
        self.load_markets()
        market = self.market(symbol)
        request: dict = {
            "symbol": market["id"],
        }
        value = min_value(limit, 1000)
        if value is not None:
            request["limit"] = value

        until = to_integer(params.get("until"))  # the API has no end time here: filtered below
        params = omit_keys(params, ("until",))
        paginate, params = self.handle_option_and_params(params, "fetchTrades", "paginate", False)
        one_page = "offset" in params
        paging, params = self.pagination_settings("fetchTrades", params, 1000, "offset")
        if since is not None or paginate or one_page:
            rows = self.fetch_offset_pages(
                self.public_get_api_v1_trades_history,
                request,
                params,
                since,
                limit,
                paging,
                paginate,
                "fetchTrades",
                self.parse_trade,
                False,
            )
        else:
            rows = self.answer_list(
                self.send_request(
                    "api/v1/trades", ["public"], "GET", {**request, **params} if params else request, {"cost": 1}
                ),
                "fetchTrades",
            )

        items = self.parse_trades(rows, market, since)
        if until is not None:
            items = [item for item in items if item["timestamp"] is None or item["timestamp"] <= until]
        return filter_since_limit(items, None, None, since, limit)

    @guarded(name="fetchOHLCV")
    def fetch_ohlcv(
        self, symbol: str, timeframe: str = "1m", since: Int = None, limit: Int = None, params: dict = {}
    ) -> list[list]:
        """
        Get K-lines (GET api/v1/klines).

        https://docs.backpack.exchange/#tag/Markets/operation/get_klines

        :param str symbol: unified symbol of the market
        :param str [timeframe]: the length of time each candle represents
        :param int [since]: the earliest time in ms of the candles to fetch
        :param int [limit]: the most candles to fetch
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :param int [params.until]: the latest time in ms of the candles to fetch
        :param boolean [params.paginate]: read page after page: up to paginationCalls requests of maxEntriesPerRequest candles (ccxt's pagination)
        :param str [params.price]: one of last, mark, index (the exchange's priceType)
        :returns list[]: a list of `ohlcv structures <https://docs.ccxt.com/?id=ohlcv-structure>`
        """
        self.check_params("fetchOHLCV", params)
        self.check_timeframe("fetchOHLCV", timeframe)
        since, until = self.check_since("fetchOHLCV", since, params.get("until"))
        if until is not None:
            params = self.extend(params, {"until": until})
        self.check_limit("fetchOHLCV", limit)
        self.load_markets()
        market = self.market(symbol)
        paginate, params = self.handle_option_and_params(params, "fetchOHLCV", "paginate", False)
        if paginate:
            return self.fetch_paginated_call_deterministic("fetchOHLCV", symbol, since, limit, timeframe, params, 1000)
        until = to_integer(params.get("until"))
        params = omit_keys(params, ("until",))
        count = min(limit, 1000) if limit is not None else 1000
        duration = self.parse_timeframe(timeframe) * 1000
        if since is not None:
            start = since
            end = min(since + count * duration, until if until is not None else self.milliseconds())
        else:
            end = until if until is not None else self.milliseconds()
            start = max(end - count * duration, 0)  # a window of long candles (months) may reach back before 1970
        request: dict = {
            "symbol": market["id"],
        }
        value = self.safe_string(self.timeframes, timeframe, timeframe)
        if value is not None:
            request["interval"] = value
        value = lookup(FETCH_OHLCV_PRICE_TYPE, params.get("price"))
        if value is not None:
            request["priceType"] = value

        params = omit_keys(params, ("price",))

        request["startTime"] = ms_to_s(start)
        request["endTime"] = ms_to_s_up(end)
        response = self.send_request(
            "api/v1/klines", ["public"], "GET", {**request, **params} if params else request, {"cost": 1}
        )
        return self.parse_ohlcvs(self.answer_list(response, "fetchOHLCV"), market, timeframe, since, limit)

    @guarded(name="fetchFundingRate")
    def fetch_funding_rate(self, symbol: str, params: dict = {}) -> FundingRate:
        """
        Get mark prices (GET api/v1/markPrices).

        https://docs.backpack.exchange/#tag/Markets/operation/get_mark_prices

        :param str symbol: unified symbol of the market
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: a `funding rate structure <https://docs.ccxt.com/?id=funding-rate-structure>`
        """
        self.check_params("fetchFundingRate", params)
        self.load_markets()
        market = self.market(symbol)
        if not market["contract"]:
            raise BadSymbol(
                self.id + " fetchFundingRate() needs a contract market; " + symbol + " is " + market["type"]
            )
        request: dict = {
            "symbol": market["id"],
        }

        response = self.send_request(
            "api/v1/markPrices", ["public"], "GET", {**request, **params} if params else request, {"cost": 1}
        )
        rows = self.answer_list(response, "fetchFundingRate")
        if not rows or rows[0].__class__ is not dict:
            raise BadResponse(self.id + " fetchFundingRate() got no data for " + symbol + ": " + repr(response)[:200])
        return self.parse_funding_rate(rows[0], market)

    @guarded(name="fetchFundingRates")
    def fetch_funding_rates(self, symbols: Strings = None, params: dict = {}) -> FundingRates:
        """
        Get mark prices (GET api/v1/markPrices).

        https://docs.backpack.exchange/#tag/Markets/operation/get_mark_prices

        :param str[] [symbols]: unified symbols of the markets, every market when None
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :param str [params.type]: the type of the markets to keep: spot, margin, swap, future or option
        :returns dict: a dictionary of `funding rate structures <https://docs.ccxt.com/?id=funding-rates-structure>`
        """
        self.check_params("fetchFundingRates", params)
        self.check_symbols("fetchFundingRates", symbols)
        self.load_markets()
        symbols = self.market_symbols(symbols)
        request: dict = {
            "marketType": "PERP",
        }

        market_type, params = self.market_type_param("fetchFundingRates", params)
        response = self.send_request(
            "api/v1/markPrices", ["public"], "GET", {**request, **params} if params else request, {"cost": 1}
        )
        result = {
            item["symbol"]: item for item in self.parse_rows(self.parse_funding_rate, response, "fetchFundingRates")
        }
        return self.filter_by_array(self.of_market_type(result, market_type), "symbol", symbols)

    @guarded(name="fetchFundingRateHistory")
    def fetch_funding_rate_history(
        self, symbol: Str = None, since: Int = None, limit: Int = None, params: dict = {}
    ) -> list[FundingRateHistory]:
        """
        Get funding interval rates (GET api/v1/fundingRates), page by page, with since, an offset or paginate.

        https://docs.backpack.exchange/#tag/Markets/operation/get_funding_interval_rates

        :param str [symbol]: unified symbol of the market (required here)
        :param int [since]: the earliest time in ms of the funding rates to fetch
        :param int [limit]: the most funding rates to fetch
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :param int [params.until]: the latest time in ms of the funding rates to fetch
        :param boolean [params.paginate]: read page after page: up to paginationCalls requests of maxEntriesPerRequest funding rates (ccxt's pagination)
        :param int [params.offset]: read the one page at this offset
        :returns dict[]: a list of `funding rate history structures <https://docs.ccxt.com/?id=funding-rate-history-structure>`
        """
        self.check_params("fetchFundingRateHistory", params)
        since, until = self.check_since("fetchFundingRateHistory", since, params.get("until"))
        if until is not None:
            params = self.extend(params, {"until": until})
        self.check_limit("fetchFundingRateHistory", limit)
        self.load_markets()
        if symbol is None:
            raise ArgumentsRequired(self.id + " fetchFundingRateHistory() requires a symbol argument")
        market = self.market(symbol)
        if not market["contract"]:
            raise BadSymbol(
                self.id + " fetchFundingRateHistory() needs a contract market; " + symbol + " is " + market["type"]
            )
        request: dict = {
            "symbol": market["id"],
        }
        value = min_value(limit, 1000)
        if value is not None:
            request["limit"] = value

        until = to_integer(params.get("until"))  # the API has no end time here: filtered below
        params = omit_keys(params, ("until",))
        paginate, params = self.handle_option_and_params(params, "fetchFundingRateHistory", "paginate", False)
        one_page = "offset" in params
        paging, params = self.pagination_settings("fetchFundingRateHistory", params, 1000, "offset")
        if since is not None or paginate or one_page:
            rows = self.fetch_offset_pages(
                self.public_get_api_v1_fundingrates,
                request,
                params,
                since,
                limit,
                paging,
                paginate,
                "fetchFundingRateHistory",
                self.parse_funding_rate_history,
                False,
            )
        else:
            rows = self.answer_list(
                self.send_request(
                    "api/v1/fundingRates", ["public"], "GET", {**request, **params} if params else request, {"cost": 1}
                ),
                "fetchFundingRateHistory",
            )

        items = self.parse_rows(self.parse_funding_rate_history, rows, "fetchFundingRateHistory", market)
        items = filter_since_limit(sort_by(items, "timestamp"), "symbol", market["symbol"], since, None)
        if until is not None:
            items = [item for item in items if item["timestamp"] is None or item["timestamp"] <= until]
        return filter_since_limit(items, None, None, since, limit)

    @guarded(name="fetchOpenInterest")
    def fetch_open_interest(self, symbol: str, params: dict = {}) -> OpenInterest:
        """
        Get open interest (GET api/v1/openInterest).

        https://docs.backpack.exchange/#tag/Markets/operation/get_open_interest

        :param str symbol: unified symbol of the market
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: an `open interest structure <https://docs.ccxt.com/?id=open-interest-structure>`
        """
        self.check_params("fetchOpenInterest", params)
        self.load_markets()
        market = self.market(symbol)
        if not market["contract"]:
            raise BadSymbol(
                self.id + " fetchOpenInterest() needs a contract market; " + symbol + " is " + market["type"]
            )
        request: dict = {
            "symbol": market["id"],
        }

        response = self.send_request(
            "api/v1/openInterest", ["public"], "GET", {**request, **params} if params else request, {"cost": 1}
        )
        rows = self.answer_list(response, "fetchOpenInterest")
        if not rows or rows[0].__class__ is not dict:
            raise BadResponse(self.id + " fetchOpenInterest() got no data for " + symbol + ": " + repr(response)[:200])
        return self.parse_open_interest(rows[0], market)

    @guarded(name="fetchOpenInterests")
    def fetch_open_interests(self, symbols: Strings = None, params: dict = {}) -> OpenInterests:
        """
        Get open interest (GET api/v1/openInterest).

        https://docs.backpack.exchange/#tag/Markets/operation/get_open_interest

        :param str[] [symbols]: unified symbols of the markets, every market when None
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :param str [params.type]: the type of the markets to keep: spot, margin, swap, future or option
        :returns dict: a dictionary of `open interest structures <https://docs.ccxt.com/?id=open-interest-structure>`
        """
        self.check_params("fetchOpenInterests", params)
        self.check_symbols("fetchOpenInterests", symbols)
        self.load_markets()
        symbols = self.market_symbols(symbols)
        request: dict = {}

        market_type, params = self.market_type_param("fetchOpenInterests", params)
        response = self.send_request(
            "api/v1/openInterest", ["public"], "GET", {**request, **params} if params else request, {"cost": 1}
        )
        result = {
            item["symbol"]: item for item in self.parse_rows(self.parse_open_interest, response, "fetchOpenInterests")
        }
        return self.filter_by_array(self.of_market_type(result, market_type), "symbol", symbols)

    @guarded(name="fetchCrossBorrowRates")
    def fetch_cross_borrow_rates(self, params: dict = {}) -> CrossBorrowRates:
        """
        Get borrow lend markets (GET api/v1/borrowLend/markets).

        https://docs.backpack.exchange/#tag/Borrow-Lend-Markets/operation/get_borrow_lend_markets

        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: a dictionary of `borrow rate structures <https://docs.ccxt.com/?id=borrow-rate-structure>`
        """
        self.check_params("fetchCrossBorrowRates", params)
        self.load_markets()
        request: dict = {}

        response = self.send_request(
            "api/v1/borrowLend/markets", ["public"], "GET", {**request, **params} if params else request, {"cost": 1}
        )
        return {
            rate["currency"]: rate
            for rate in self.parse_rows(self.parse_borrow_rate, response, "fetchCrossBorrowRates")
        }

    @guarded(name="fetchCrossBorrowRate")
    def fetch_cross_borrow_rate(self, code: str, params: dict = {}) -> CrossBorrowRate:
        """
        Get borrow lend markets (GET api/v1/borrowLend/markets).

        https://docs.backpack.exchange/#tag/Borrow-Lend-Markets/operation/get_borrow_lend_markets

        :param str code: unified currency code
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: a `borrow rate structure <https://docs.ccxt.com/?id=borrow-rate-structure>`
        """
        self.check_params("fetchCrossBorrowRate", params)
        self.load_markets()
        currency = self.currency(code)
        request: dict = {}

        response = self.send_request(
            "api/v1/borrowLend/markets", ["public"], "GET", {**request, **params} if params else request, {"cost": 1}
        )
        for rate in self.parse_rows(self.parse_borrow_rate, response, "fetchCrossBorrowRate"):
            if rate["currency"] == currency["code"]:
                return rate
        raise BadSymbol(self.id + " fetchCrossBorrowRate() has no data for currency " + str(code))

    @guarded(name="createOrder")
    def create_order(
        self, symbol: str, type: OrderType, side: OrderSide, amount: float, price: Num = None, params: dict = {}
    ) -> Order:
        """
        Execute order (POST api/v1/order).

        https://docs.backpack.exchange/#tag/Order/operation/execute_order

        :param str symbol: unified symbol of the market
        :param str type: 'market' or 'limit'
        :param str side: 'buy' or 'sell'
        :param float amount: how much of the base currency to trade
        :param float [price]: the price of a limit order, in the quote currency (a market order takes none)
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :param str [params.clientOrderId]: a client order id for the new order
        :param float [params.cost]: a market order for this much of the quote currency, instead of an amount
        :param str [params.marginMode]: the margin mode: cross only
        :param boolean [params.postOnly]: True: the order only adds liquidity (else it is canceled)
        :param boolean [params.reduceOnly]: True: the order only reduces a position
        :param str [params.selfTradePrevention]: what happens to an order that would trade with one of the account's own: one of EXPIRE_TAKER, EXPIRE_MAKER, EXPIRE_BOTH
        :param dict [params.stopLoss]: a stop-loss order to attach: its triggerPrice, and optionally price and triggerPriceType
        :param float [params.stopLossPrice]: a trigger order that stops a loss at this price
        :param float [params.stopPrice]: triggerPrice, by its older name
        :param dict [params.takeProfit]: a take-profit order to attach: its triggerPrice, and optionally price and triggerPriceType
        :param float [params.takeProfitPrice]: a trigger order that takes a profit at this price
        :param str [params.timeInForce]: how long the order stays open: one of GTC, IOC, FOK
        :param float [params.triggerPrice]: the price at which a trigger order is placed
        :param str [params.triggerPriceType]: the price that triggers the order: one of mark, last, index
        :param int [params.maxRetriesOnFailure]: how often to send the order again when its answer is lost (never twice: each time, the client order id is looked up first)
        :param int [params.maxRetriesOnFailureDelay]: the ms to wait before sending it again
        :param boolean [params.autoLend]: the exchange's own order option
        :param boolean [params.autoLendRedeem]: the exchange's own order option
        :param boolean [params.autoBorrow]: the exchange's own order option
        :param boolean [params.autoBorrowRepay]: the exchange's own order option
        :param int [params.brokerId]: the exchange's own order option
        :param float [params.slippageTolerance]: the exchange's own order option
        :param str [params.slippageToleranceType]: the exchange's own order option: one of TickSize, Percent
        :returns dict: an `order structure <https://docs.ccxt.com/?id=order-structure>`
        """
        self.check_params("createOrder", params)
        self.load_markets()
        market = self.market(symbol)
        retries, delay, params = self.retry_settings("createOrder", params)
        if params.get("clientOrderId") is None and self.options.get("autoClientOrderId"):
            params = self.extend(params, {"clientOrderId": new_client_order_id("uint32")})
        request = self.create_order_request(symbol, type, side, amount, price, params)
        sent_at = self.milliseconds() - (option_integer(self.options, "timeDifference") or 0)
        try:
            response = self.send_request("api/v1/order", ["private"], "POST", request, {"cost": 1})
            order = self.parse_order(self.answer_object(response, "createOrder"), market)
        except OperationFailed as lost:  # no answer, or none that can be read: the order may exist
            client_order_id = request.get("clientId")
            if not retries or client_order_id is None:
                raise
            # the id as sent ("007" goes out as 7), which is how the exchange shows it
            order = self.resend_order(request, market, side, str(client_order_id), sent_at, retries, delay, lost)
        return self.as_placed(order, params)

    @guarded(name="createOrders")
    def create_orders(self, orders: list[OrderRequest], params: dict = {}) -> list[Order]:
        """
        Execute orders (POST api/v1/orders).

        https://docs.backpack.exchange/#tag/Order/operation/execute_order_batch

        :param dict[] orders: the orders to place, each a dict of symbol, type, side, amount, price and params
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict[]: a list of `order structures <https://docs.ccxt.com/?id=order-structure>`
        """
        self.check_params("createOrders", params)
        self.check_order_list("createOrders", orders)
        self.load_markets()
        requests = [
            self.create_order_request(
                order["symbol"],
                order["type"],
                order["side"],
                order.get("amount"),
                order.get("price"),
                self.extend(params, order.get("params") or {}),
            )
            for order in orders
        ]
        response = self.answer_list(
            self.send_request("api/v1/orders", ["private"], "POST", requests, {"cost": 1}), "createOrders"
        )
        result = []
        for index, order in enumerate(orders):
            market = self.market(order["symbol"])
            item = response[index] if index < len(response) else None
            if item.__class__ is not dict:
                status = None  # the answer does not say what became of this order
            elif item.get("operation", "Ok") == "Ok":
                try:
                    result.append(
                        self.as_placed(self.parse_order(item, market), self.extend(params, order.get("params") or {}))
                    )
                    continue
                except MalformedItem:
                    status = None  # placed, but the answer does not say as what
            else:
                status = "rejected"  # the exchange's code and message stay in info
            info = item if item.__class__ is dict else {"answer": item}
            result.append(
                self.safe_order(
                    {
                        "info": info,
                        "status": status,
                        "symbol": market["symbol"],
                        "type": order["type"],
                        "side": order["side"],
                    }
                )
            )
        return result

    @guarded(name="cancelOrder")
    def cancel_order(self, id: Str, symbol: Str = None, params: dict = {}) -> Order:
        """
        Cancel open order (DELETE api/v1/order).

        https://docs.backpack.exchange/#tag/Order/operation/cancel_order

        :param str id: the order id, or None with params['clientOrderId']
        :param str [symbol]: unified symbol of the market (required here)
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :param str [params.clientOrderId]: the client order id, instead of the id
        :returns dict: an `order structure <https://docs.ccxt.com/?id=order-structure>`; for an answer without a body (202), the order as the caller named it (id, clientOrderId, symbol), its status None: accepted, not carried out yet
        """
        self.check_params("cancelOrder", params)
        self.check_id("cancelOrder", id, params, True)
        self.load_markets()
        if symbol is None:
            raise ArgumentsRequired(self.id + " cancelOrder() requires a symbol argument")
        market = self.market(symbol)
        request: dict = {
            "symbol": market["id"],
        }
        value = id
        if value is not None:
            request["orderId"] = value

        client_order_id = params.get("clientOrderId")
        if client_order_id is not None:
            request.pop("orderId", None)
            request["clientId"] = self.client_order_id_value(client_order_id)
            params = omit_keys(params, ("clientOrderId",))

        response = self.send_request(
            "api/v1/order", ["private"], "DELETE", {**request, **params} if params else request, {"cost": 1}
        )
        if response is NO_BODY:  # accepted, not carried out yet: see accepted_cancel
            return self.accepted_cancel(id, client_order_id, market)
        return self.parse_order(self.answer_object(response, "cancelOrder"), market)

    @guarded(name="cancelOrders")
    def cancel_orders(self, ids: list[str], symbol: Str = None, params: dict = {}) -> list[Order]:
        """
        Cancel open order (DELETE api/v1/order).

        https://docs.backpack.exchange/#tag/Order/operation/cancel_order

        :param str[] ids: the order ids
        :param str [symbol]: unified symbol of the market (required here)
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict[]: a list of `order structures <https://docs.ccxt.com/?id=order-structure>`; for an answer without a body (202), that id's order as the caller named it, its status None: accepted, not carried out yet
        """
        self.check_params("cancelOrders", params)
        self.check_ids("cancelOrders", ids)
        result = []
        for order_id in ids:
            result.append(self.cancel_order(order_id, symbol, params))
        return result

    @guarded(name="cancelAllOrders")
    def cancel_all_orders(self, symbol: Str = None, params: dict = {}) -> list[Order]:
        """
        Cancel open orders (DELETE api/v1/orders).

        https://docs.backpack.exchange/#tag/Order/operation/cancel_open_orders

        :param str [symbol]: unified symbol of the market (required here)
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict[]: a list of `order structures <https://docs.ccxt.com/?id=order-structure>`; for an answer without a body (202), []: accepted, not carried out yet, and the exchange names no orders
        """
        self.check_params("cancelAllOrders", params)
        if symbol is None:
            # the API cancels per market: cancel in every market that has open orders
            result = []
            for market_symbol in sorted(
                {order["symbol"] for order in self.fetch_open_orders(None, None, None, params)}
            ):
                result.extend(self.cancel_all_orders(market_symbol, params))
            return result
        self.load_markets()
        market = self.market(symbol)
        request: dict = {
            "symbol": market["id"],
        }

        response = self.send_request(
            "api/v1/orders", ["private"], "DELETE", {**request, **params} if params else request, {"cost": 1}
        )
        if response is NO_BODY:
            # accepted, not carried out yet: the exchange names no orders, and listing the open ones
            # would claim they are canceled (fetchOpenOrders tells what is left once it is done)
            return []
        return self.parse_orders(self.answer_list(response, "cancelAllOrders"), market)

    @guarded(name="fetchOpenOrder")
    def fetch_open_order(self, id: Str, symbol: Str = None, params: dict = {}) -> Order:
        """
        Get open order (GET api/v1/order).

        https://docs.backpack.exchange/#tag/Order/operation/get_order

        :param str id: the order id, or None with params['clientOrderId']
        :param str [symbol]: unified symbol of the market (required here)
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :param str [params.clientOrderId]: the client order id, instead of the id
        :returns dict: an `order structure <https://docs.ccxt.com/?id=order-structure>`
        """
        self.check_params("fetchOpenOrder", params)
        self.check_id("fetchOpenOrder", id, params, True)
        self.load_markets()
        if symbol is None:
            raise ArgumentsRequired(self.id + " fetchOpenOrder() requires a symbol argument")
        market = self.market(symbol)
        request: dict = {
            "symbol": market["id"],
        }
        value = id
        if value is not None:
            request["orderId"] = value

        client_order_id = params.get("clientOrderId")
        if client_order_id is not None:
            request.pop("orderId", None)
            request["clientId"] = self.client_order_id_value(client_order_id)
            params = omit_keys(params, ("clientOrderId",))

        response = self.send_request(
            "api/v1/order", ["private"], "GET", {**request, **params} if params else request, {"cost": 1}
        )
        return self.parse_order(self.answer_object(response, "fetchOpenOrder"), market)

    @guarded(name="fetchOrder")
    def fetch_order(self, id: Str, symbol: Str = None, params: dict = {}) -> Order:
        """
        Get open order (GET api/v1/order).
        Get order history (GET wapi/v1/history/orders), when the order is not open.

        https://docs.backpack.exchange/#tag/Order/operation/get_order
        https://docs.backpack.exchange/#tag/Order/operation/get_order_history

        :param str id: the order id, or None with params['clientOrderId']
        :param str [symbol]: unified symbol of the market (required here)
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :param str [params.clientOrderId]: the client order id, instead of the id
        :returns dict: an `order structure <https://docs.ccxt.com/?id=order-structure>`
        """
        self.check_params("fetchOrder", params)
        self.check_id("fetchOrder", id, params, True)
        self.load_markets()
        if symbol is None:
            raise ArgumentsRequired(self.id + " fetchOrder() requires a symbol argument")
        market = self.market(symbol)
        request: dict = {
            "symbol": market["id"],
        }
        value = id
        if value is not None:
            request["orderId"] = value

        client_order_id = params.get("clientOrderId")
        if client_order_id is not None:
            request.pop("orderId", None)
            request["clientId"] = self.client_order_id_value(client_order_id)
            params = omit_keys(params, ("clientOrderId",))

        try:
            response = self.send_request(
                "api/v1/order", ["private"], "GET", {**request, **params} if params else request, {"cost": 1}
            )
            return self.parse_order(self.answer_object(response, "fetchOrder"), market)
        except OrderNotFound:
            pass
        # the history has no client id filter: read a full page of the newest rows and look
        history = omit_keys(request, ("clientId",))
        if client_order_id is not None:
            history["limit"] = 1000
        rows = self.private_get_wapi_v1_history_orders(self.extend(history, params))
        key, wanted = ("clientOrderId", str(client_order_id)) if client_order_id is not None else ("id", str(id))
        for order in reversed(self.parse_orders(self.answer_list(rows, "fetchOrder"), market)):
            if order[key] == wanted:
                return order
        raise OrderNotFound(
            self.id
            + " fetchOrder() "
            + key
            + " "
            + wanted
            + " is neither an open order nor in the order history of "
            + symbol
        )

    @guarded(name="fetchOpenOrders")
    def fetch_open_orders(
        self, symbol: Str = None, since: Int = None, limit: Int = None, params: dict = {}
    ) -> list[Order]:
        """
        Get open orders (GET api/v1/orders).

        https://docs.backpack.exchange/#tag/Order/operation/get_open_orders

        :param str [symbol]: unified symbol of the market
        :param int [since]: the earliest time in ms of the orders to fetch
        :param int [limit]: the most orders to fetch
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :param int [params.until]: the latest time in ms of the orders to fetch
        :returns dict[]: a list of `order structures <https://docs.ccxt.com/?id=order-structure>`
        """
        self.check_params("fetchOpenOrders", params)
        since, until = self.check_since("fetchOpenOrders", since, params.get("until"))
        if until is not None:
            params = self.extend(params, {"until": until})
        self.check_limit("fetchOpenOrders", limit)
        self.load_markets()
        market = self.market(symbol) if symbol is not None else None
        request: dict = {}
        value = market["id"] if market is not None else None
        if value is not None:
            request["symbol"] = value

        until = to_integer(params.get("until"))  # the API has no end time here: filtered below
        params = omit_keys(params, ("until",))
        rows = self.answer_list(
            self.send_request(
                "api/v1/orders", ["private"], "GET", {**request, **params} if params else request, {"cost": 1}
            ),
            "fetchOpenOrders",
        )

        items = self.parse_orders(rows, market, since)
        if until is not None:
            items = [item for item in items if item["timestamp"] is None or item["timestamp"] <= until]
        return filter_since_limit(items, None, None, since, limit)

    @guarded(name="fetchOrders")
    def fetch_orders(self, symbol: Str = None, since: Int = None, limit: Int = None, params: dict = {}) -> list[Order]:
        """
        Get order history (GET wapi/v1/history/orders), page by page, with since, an offset or paginate.

        https://docs.backpack.exchange/#tag/Order/operation/get_order_history

        :param str [symbol]: unified symbol of the market
        :param int [since]: the earliest time in ms of the orders to fetch
        :param int [limit]: the most orders to fetch
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :param int [params.until]: the latest time in ms of the orders to fetch
        :param boolean [params.paginate]: read page after page: up to paginationCalls requests of maxEntriesPerRequest orders (ccxt's pagination)
        :param int [params.offset]: read the one page at this offset
        :returns dict[]: a list of `order structures <https://docs.ccxt.com/?id=order-structure>`
        """
        self.check_params("fetchOrders", params)
        since, until = self.check_since("fetchOrders", since, params.get("until"))
        if until is not None:
            params = self.extend(params, {"until": until})
        self.check_limit("fetchOrders", limit)
        self.load_markets()
        market = self.market(symbol) if symbol is not None else None
        request: dict = {}
        value = market["id"] if market is not None else None
        if value is not None:
            request["symbol"] = value
        value = min_value(limit, 1000)
        if value is not None:
            request["limit"] = value

        until = to_integer(params.get("until"))  # the API has no end time here: filtered below
        params = omit_keys(params, ("until",))
        paginate, params = self.handle_option_and_params(params, "fetchOrders", "paginate", False)
        one_page = "offset" in params
        paging, params = self.pagination_settings("fetchOrders", params, 1000, "offset")
        request.setdefault("sortDirection", "Desc")  # the newest rows first
        if since is not None or paginate or one_page:
            rows = self.fetch_offset_pages(
                self.private_get_wapi_v1_history_orders,
                request,
                params,
                since,
                limit,
                paging,
                paginate,
                "fetchOrders",
                self.parse_order,
                False,
            )
        else:
            rows = self.answer_list(
                self.send_request(
                    "wapi/v1/history/orders",
                    ["private"],
                    "GET",
                    {**request, **params} if params else request,
                    {"cost": 1},
                ),
                "fetchOrders",
            )

        items = self.parse_orders(rows, market, since)
        if until is not None:
            items = [item for item in items if item["timestamp"] is None or item["timestamp"] <= until]
        return filter_since_limit(items, None, None, since, limit)

    @guarded(name="fetchClosedOrders")
    def fetch_closed_orders(
        self, symbol: Str = None, since: Int = None, limit: Int = None, params: dict = {}
    ) -> list[Order]:
        """
        The orders of fetchOrders() whose status is closed.

        Get order history (GET wapi/v1/history/orders), page by page, with since, an offset or paginate.

        https://docs.backpack.exchange/#tag/Order/operation/get_order_history

        :param str [symbol]: unified symbol of the market
        :param int [since]: the earliest time in ms of the orders to fetch
        :param int [limit]: the most orders to fetch
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :param int [params.until]: the latest time in ms of the orders to fetch
        :param boolean [params.paginate]: read page after page: up to paginationCalls requests of maxEntriesPerRequest orders (ccxt's pagination)
        :param int [params.offset]: read the one page at this offset
        :returns dict[]: a list of `order structures <https://docs.ccxt.com/?id=order-structure>`
        """
        self.check_params("fetchClosedOrders", params)
        since, until = self.check_since("fetchClosedOrders", since, params.get("until"))
        if until is not None:
            params = self.extend(params, {"until": until})
        self.check_limit("fetchClosedOrders", limit)
        orders = self.fetch_orders(symbol, since, limit, params)
        return [order for order in orders if order["status"] == "closed"]

    @guarded(name="fetchCanceledOrders")
    def fetch_canceled_orders(
        self, symbol: Str = None, since: Int = None, limit: Int = None, params: dict = {}
    ) -> list[Order]:
        """
        The orders of fetchOrders() whose status is canceled.

        Get order history (GET wapi/v1/history/orders), page by page, with since, an offset or paginate.

        https://docs.backpack.exchange/#tag/Order/operation/get_order_history

        :param str [symbol]: unified symbol of the market
        :param int [since]: the earliest time in ms of the orders to fetch
        :param int [limit]: the most orders to fetch
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :param int [params.until]: the latest time in ms of the orders to fetch
        :param boolean [params.paginate]: read page after page: up to paginationCalls requests of maxEntriesPerRequest orders (ccxt's pagination)
        :param int [params.offset]: read the one page at this offset
        :returns dict[]: a list of `order structures <https://docs.ccxt.com/?id=order-structure>`
        """
        self.check_params("fetchCanceledOrders", params)
        since, until = self.check_since("fetchCanceledOrders", since, params.get("until"))
        if until is not None:
            params = self.extend(params, {"until": until})
        self.check_limit("fetchCanceledOrders", limit)
        orders = self.fetch_orders(symbol, since, limit, params)
        return [order for order in orders if order["status"] == "canceled"]

    @guarded(name="fetchMyTrades")
    def fetch_my_trades(
        self, symbol: Str = None, since: Int = None, limit: Int = None, params: dict = {}
    ) -> list[Trade]:
        """
        Get fill history (GET wapi/v1/history/fills), page by page, with since, an offset or paginate.

        https://docs.backpack.exchange/#tag/Order/operation/get_fills

        :param str [symbol]: unified symbol of the market
        :param int [since]: the earliest time in ms of the trades to fetch
        :param int [limit]: the most trades to fetch
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :param int [params.until]: the latest time in ms of the trades to fetch
        :param boolean [params.paginate]: read page after page: up to paginationCalls requests of maxEntriesPerRequest trades (ccxt's pagination)
        :param int [params.offset]: read the one page at this offset
        :returns dict[]: a list of `trade structures <https://docs.ccxt.com/?id=trade-structure>`
        """
        self.check_params("fetchMyTrades", params)
        since, until = self.check_since("fetchMyTrades", since, params.get("until"))
        if until is not None:
            params = self.extend(params, {"until": until})
        self.check_limit("fetchMyTrades", limit)
        self.load_markets()
        market = self.market(symbol) if symbol is not None else None
        request: dict = {}
        value = market["id"] if market is not None else None
        if value is not None:
            request["symbol"] = value
        value = since
        if value is not None:
            request["from"] = value
        value = params.get("until")
        if value is not None:
            request["to"] = value
        value = min_value(limit, 1000)
        if value is not None:
            request["limit"] = value

        params = omit_keys(params, ("until",))

        paginate, params = self.handle_option_and_params(params, "fetchMyTrades", "paginate", False)
        one_page = "offset" in params
        paging, params = self.pagination_settings("fetchMyTrades", params, 1000, "offset")
        # the newest rows first, or with `since` the oldest rows after it
        request.setdefault("sortDirection", "Asc" if since is not None else "Desc")
        if since is not None or paginate or one_page:
            rows = self.fetch_offset_pages(
                self.private_get_wapi_v1_history_fills,
                request,
                params,
                since,
                limit,
                paging,
                paginate,
                "fetchMyTrades",
                self.parse_trade,
                True,
            )
        else:
            rows = self.answer_list(
                self.send_request(
                    "wapi/v1/history/fills",
                    ["private"],
                    "GET",
                    {**request, **params} if params else request,
                    {"cost": 1},
                ),
                "fetchMyTrades",
            )

        items = self.parse_trades(rows, market, since, limit)
        return items

    @guarded(name="fetchOrderTrades")
    def fetch_order_trades(
        self, id: str, symbol: Str = None, since: Int = None, limit: Int = None, params: dict = {}
    ) -> list[Trade]:
        """
        Get fill history (GET wapi/v1/history/fills), page by page, with since, an offset or paginate.

        https://docs.backpack.exchange/#tag/Order/operation/get_fills

        :param str id: the order id
        :param str [symbol]: unified symbol of the market
        :param int [since]: the earliest time in ms of the trades to fetch
        :param int [limit]: the most trades to fetch
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :param int [params.until]: the latest time in ms of the trades to fetch
        :param boolean [params.paginate]: read page after page: up to paginationCalls requests of maxEntriesPerRequest trades (ccxt's pagination)
        :param int [params.offset]: read the one page at this offset
        :returns dict[]: a list of `trade structures <https://docs.ccxt.com/?id=trade-structure>`
        """
        self.check_params("fetchOrderTrades", params)
        since, until = self.check_since("fetchOrderTrades", since, params.get("until"))
        if until is not None:
            params = self.extend(params, {"until": until})
        self.check_limit("fetchOrderTrades", limit)
        self.check_id("fetchOrderTrades", id, params, False)
        self.load_markets()
        market = self.market(symbol) if symbol is not None else None
        request: dict = {}
        value = market["id"] if market is not None else None
        if value is not None:
            request["symbol"] = value
        value = id
        if value is not None:
            request["orderId"] = value
        value = since
        if value is not None:
            request["from"] = value
        value = params.get("until")
        if value is not None:
            request["to"] = value
        value = min_value(limit, 1000)
        if value is not None:
            request["limit"] = value

        params = omit_keys(params, ("until",))

        paginate, params = self.handle_option_and_params(params, "fetchOrderTrades", "paginate", False)
        one_page = "offset" in params
        paging, params = self.pagination_settings("fetchOrderTrades", params, 1000, "offset")
        # the newest rows first, or with `since` the oldest rows after it
        request.setdefault("sortDirection", "Asc" if since is not None else "Desc")
        if since is not None or paginate or one_page:
            rows = self.fetch_offset_pages(
                self.private_get_wapi_v1_history_fills,
                request,
                params,
                since,
                limit,
                paging,
                paginate,
                "fetchOrderTrades",
                self.parse_trade,
                True,
            )
        else:
            rows = self.answer_list(
                self.send_request(
                    "wapi/v1/history/fills",
                    ["private"],
                    "GET",
                    {**request, **params} if params else request,
                    {"cost": 1},
                ),
                "fetchOrderTrades",
            )

        items = self.parse_trades(rows, market, since, limit)
        return items

    @guarded(name="fetchBalance")
    def fetch_balance(self, params: dict = {}) -> Balances:
        """
        Get balances (GET api/v1/capital).
        Get collateral (GET api/v1/capital/collateral), with params['type'] = 'margin'.

        https://docs.backpack.exchange/#tag/Capital/operation/get_balances
        https://docs.backpack.exchange/#tag/Capital/operation/get_collateral

        :param dict [params]: extra parameters specific to the exchange API endpoint
        :param str [params.type]: the balance to fetch: margin (else the default one)
        :returns dict: a `balance structure <https://docs.ccxt.com/?id=balance-structure>`
        """
        self.check_params("fetchBalance", params)
        self.load_markets()
        balance_type = params.get("type")
        params = omit_keys(params, ("type",))
        if balance_type == "margin":
            response = self.send_request("api/v1/capital/collateral", ["private"], "GET", params, {"cost": 1})
            return self.parse_balance_collateral(self.answer_object(response, "fetchBalance"))
        response = self.send_request("api/v1/capital", ["private"], "GET", params, {"cost": 1})
        return self.parse_balance_spot(self.answer_object(response, "fetchBalance"))

    @guarded(name="fetchDeposits")
    def fetch_deposits(
        self, code: Str = None, since: Int = None, limit: Int = None, params: dict = {}
    ) -> list[Transaction]:
        """
        Get deposits (GET wapi/v1/capital/deposits), page by page, with since, an offset or paginate.

        https://docs.backpack.exchange/#tag/Capital/operation/get_deposits

        :param str [code]: unified currency code
        :param int [since]: the earliest time in ms of the transactions to fetch
        :param int [limit]: the most transactions to fetch
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :param int [params.until]: the latest time in ms of the transactions to fetch
        :param boolean [params.paginate]: read page after page: up to paginationCalls requests of maxEntriesPerRequest transactions (ccxt's pagination)
        :param int [params.offset]: read the one page at this offset
        :returns dict[]: a list of `transaction structures <https://docs.ccxt.com/?id=transaction-structure>`
        """
        self.check_params("fetchDeposits", params)
        since, until = self.check_since("fetchDeposits", since, params.get("until"))
        if until is not None:
            params = self.extend(params, {"until": until})
        self.check_limit("fetchDeposits", limit)
        self.load_markets()
        currency = self.currency(code) if code is not None else None
        request: dict = {}
        value = since
        if value is not None:
            request["from"] = value
        value = params.get("until")
        if value is not None:
            request["to"] = value
        value = min_value(limit, 1000)
        if value is not None:
            request["limit"] = value

        params = omit_keys(params, ("until",))

        paginate, params = self.handle_option_and_params(params, "fetchDeposits", "paginate", False)
        one_page = "offset" in params
        paging, params = self.pagination_settings("fetchDeposits", params, 1000, "offset")
        if since is not None or paginate or one_page:
            rows = self.fetch_offset_pages(
                self.private_get_wapi_v1_capital_deposits,
                request,
                params,
                since,
                limit,
                paging,
                paginate,
                "fetchDeposits",
                self.parse_transaction,
                True,
            )
        else:
            rows = self.answer_list(
                self.send_request(
                    "wapi/v1/capital/deposits",
                    ["private"],
                    "GET",
                    {**request, **params} if params else request,
                    {"cost": 1},
                ),
                "fetchDeposits",
            )

        items = self.parse_rows(self.parse_transaction, rows, "fetchDeposits", currency)
        items = filter_since_limit(sort_by(items, "timestamp"), "currency", code, since, None)
        return filter_since_limit(items, None, None, since, limit)

    @guarded(name="fetchWithdrawals")
    def fetch_withdrawals(
        self, code: Str = None, since: Int = None, limit: Int = None, params: dict = {}
    ) -> list[Transaction]:
        """
        Get withdrawals (GET wapi/v1/capital/withdrawals), page by page, with since, an offset or paginate.

        https://docs.backpack.exchange/#tag/Capital/operation/get_withdrawals

        :param str [code]: unified currency code
        :param int [since]: the earliest time in ms of the transactions to fetch
        :param int [limit]: the most transactions to fetch
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :param int [params.until]: the latest time in ms of the transactions to fetch
        :param boolean [params.paginate]: read page after page: up to paginationCalls requests of maxEntriesPerRequest transactions (ccxt's pagination)
        :param int [params.offset]: read the one page at this offset
        :returns dict[]: a list of `transaction structures <https://docs.ccxt.com/?id=transaction-structure>`
        """
        self.check_params("fetchWithdrawals", params)
        since, until = self.check_since("fetchWithdrawals", since, params.get("until"))
        if until is not None:
            params = self.extend(params, {"until": until})
        self.check_limit("fetchWithdrawals", limit)
        self.load_markets()
        currency = self.currency(code) if code is not None else None
        request: dict = {}
        value = since
        if value is not None:
            request["from"] = value
        value = params.get("until")
        if value is not None:
            request["to"] = value
        value = min_value(limit, 1000)
        if value is not None:
            request["limit"] = value

        params = omit_keys(params, ("until",))

        paginate, params = self.handle_option_and_params(params, "fetchWithdrawals", "paginate", False)
        one_page = "offset" in params
        paging, params = self.pagination_settings("fetchWithdrawals", params, 1000, "offset")
        if since is not None or paginate or one_page:
            rows = self.fetch_offset_pages(
                self.private_get_wapi_v1_capital_withdrawals,
                request,
                params,
                since,
                limit,
                paging,
                paginate,
                "fetchWithdrawals",
                self.parse_transaction,
                True,
            )
        else:
            rows = self.answer_list(
                self.send_request(
                    "wapi/v1/capital/withdrawals",
                    ["private"],
                    "GET",
                    {**request, **params} if params else request,
                    {"cost": 1},
                ),
                "fetchWithdrawals",
            )

        items = self.parse_rows(self.parse_transaction, rows, "fetchWithdrawals", currency)
        items = filter_since_limit(sort_by(items, "timestamp"), "currency", code, since, None)
        return filter_since_limit(items, None, None, since, limit)

    @guarded(name="fetchDepositsWithdrawals")
    def fetch_deposits_withdrawals(
        self, code: Str = None, since: Int = None, limit: Int = None, params: dict = {}
    ) -> list[Transaction]:
        """
        The results of fetchDeposits() and fetchWithdrawals(), merged.

        Get deposits (GET wapi/v1/capital/deposits), page by page, with since, an offset or paginate.
        Get withdrawals (GET wapi/v1/capital/withdrawals), page by page, with since, an offset or paginate.

        https://docs.backpack.exchange/#tag/Capital/operation/get_deposits
        https://docs.backpack.exchange/#tag/Capital/operation/get_withdrawals

        :param str [code]: unified currency code
        :param int [since]: the earliest time in ms of the transactions to fetch
        :param int [limit]: the most transactions to fetch
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :param int [params.until]: the latest time in ms of the transactions to fetch
        :param boolean [params.paginate]: read page after page: up to paginationCalls requests of maxEntriesPerRequest transactions (ccxt's pagination)
        :param int [params.offset]: read the one page at this offset
        :returns dict[]: a list of `transaction structures <https://docs.ccxt.com/?id=transaction-structure>`
        """
        self.check_params("fetchDepositsWithdrawals", params)
        since, until = self.check_since("fetchDepositsWithdrawals", since, params.get("until"))
        if until is not None:
            params = self.extend(params, {"until": until})
        self.check_limit("fetchDepositsWithdrawals", limit)
        items = []
        items += self.fetch_deposits(code, since, limit, params)
        items += self.fetch_withdrawals(code, since, limit, params)
        return filter_since_limit(sort_by(items, "timestamp"), None, None, since, limit)

    @guarded(name="fetchDepositAddress")
    def fetch_deposit_address(self, code: str, params: dict = {}) -> DepositAddress:
        """
        Get deposit address (GET wapi/v1/capital/deposit/address).

        https://docs.backpack.exchange/#tag/Capital/operation/get_deposit_address

        :param str code: unified currency code
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :param str [params.network]: unified network code, else the currency's only network
        :returns dict: a `deposit address structure <https://docs.ccxt.com/?id=address-structure>`
        """
        self.check_params("fetchDepositAddress", params)
        self.load_markets()
        currency = self.currency(code)
        request: dict = {
            "blockchain": self.network_request_id(code, params),
        }

        params = omit_keys(params, ("network", "networkCode"))

        network = self.network_code(request.get("blockchain"))
        response = self.send_request(
            "wapi/v1/capital/deposit/address",
            ["private"],
            "GET",
            {**request, **params} if params else request,
            {"cost": 1},
        )
        return self.parse_deposit_address(self.answer_object(response, "fetchDepositAddress"), currency, network)

    @guarded(name="withdraw")
    def withdraw(self, code: str, amount: float, address: str, tag: Str = None, params: dict = {}) -> Transaction:
        """
        Request withdrawal (POST wapi/v1/capital/withdrawals).

        https://docs.backpack.exchange/#tag/Capital/operation/request_withdrawal

        :param str code: unified currency code
        :param float amount: how much to withdraw
        :param str address: the address to send the currency to
        :param str [tag]: the memo or destination tag of the address, if it needs one
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :param str [params.tag]: the memo or destination tag, instead of the tag argument
        :param str [params.network]: unified network code, else the currency's only network
        :returns dict: a `transaction structure <https://docs.ccxt.com/?id=transaction-structure>`
        """
        self.check_params("withdraw", params)
        amount = self.check_amount("withdraw", "amount", amount)
        if tag is None:
            tag = params.get("tag")
            params = omit_keys(params, ("tag",))
        if tag is not None:
            raise NotSupported(self.id + " withdraw() cannot send a tag or memo: the API has no field for one")
        self.check_address(address)
        self.load_markets()
        currency = self.currency(code)
        request: dict = {
            "symbol": currency["id"],
            "blockchain": self.network_request_id(code, params),
        }
        value = decimal_text(amount)
        if value is not None:
            request["quantity"] = value
        value = address
        if value is not None:
            request["address"] = value

        params = omit_keys(params, ("network", "networkCode"))

        response = self.send_request(
            "wapi/v1/capital/withdrawals",
            ["private"],
            "POST",
            {**request, **params} if params else request,
            {"cost": 1},
        )
        return self.parse_transaction(self.answer_object(response, "withdraw"), currency)

    @guarded(name="fetchDepositWithdrawFees")
    def fetch_deposit_withdraw_fees(self, codes: Strings = None, params: dict = {}) -> DepositWithdrawFees:
        """
        Get assets (GET api/v1/assets).

        https://docs.backpack.exchange/#tag/Assets/operation/get_assets

        :param str[] [codes]: unified currency codes, every currency when None
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: a dictionary of `deposit withdraw fee structures <https://docs.ccxt.com/?id=fee-structure>`
        """
        self.check_params("fetchDepositWithdrawFees", params)
        self.check_codes("fetchDepositWithdrawFees", codes)
        response = self.send_request("api/v1/assets", ["public"], "GET", params, {"cost": 1})
        result = {}
        for currency in self.parse_rows(self.parse_currency, response, "fetchDepositWithdrawFees"):
            if codes is None or currency["code"] in codes:
                result[currency["code"]] = {
                    "info": currency["info"],
                    "withdraw": {"fee": currency["fee"], "percentage": False if currency["fee"] is not None else None},
                    "deposit": {"fee": None, "percentage": None},
                    "networks": {
                        network: {
                            "withdraw": {
                                "fee": entry["fee"],
                                "percentage": False if entry["fee"] is not None else None,
                            },
                            "deposit": {"fee": None, "percentage": None},
                        }
                        for network, entry in currency["networks"].items()
                    },
                }
        return result

    @guarded(name="fetchTradingFees")
    def fetch_trading_fees(self, params: dict = {}) -> TradingFees:
        """
        Get account (GET api/v1/account).

        https://docs.backpack.exchange/#tag/Account/operation/get_account

        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: a dictionary of `trading fee structures <https://docs.ccxt.com/?id=fee-structure>`
        """
        self.check_params("fetchTradingFees", params)
        self.load_markets()
        response = self.answer_object(
            self.send_request("api/v1/account", ["private"], "GET", params, {"cost": 1}), "fetchTradingFees"
        )
        scale = "0.0001"  # the API's fee fields times this are rates
        rates = {
            "spot": {
                "maker": scaled_number(response.get("spotMakerFee"), scale),
                "taker": scaled_number(response.get("spotTakerFee"), scale),
            },
            "contract": {
                "maker": scaled_number(response.get("futuresMakerFee"), scale),
                "taker": scaled_number(response.get("futuresTakerFee"), scale),
            },
        }
        if None in rates["spot"].values() and None in rates["contract"].values():
            raise self.bad_answer("fetchTradingFees", "the account's fees", response)
        result = {}
        for symbol, market in self.markets.items():
            rate = rates["contract" if market["contract"] else "spot"]
            if None not in rate.values():  # a market kind whose fees the answer lacks is left out
                result[symbol] = {
                    "info": response,
                    "symbol": symbol,
                    "maker": rate["maker"],
                    "taker": rate["taker"],
                    "percentage": True,
                    "tierBased": True,
                }
        return result

    @guarded(name="fetchLeverage")
    def fetch_leverage(self, symbol: str, params: dict = {}) -> Leverage:
        """
        Get account (GET api/v1/account).

        https://docs.backpack.exchange/#tag/Account/operation/get_account

        :param str symbol: unified symbol of the market
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: a `leverage structure <https://docs.ccxt.com/?id=leverage-structure>`
        """
        self.check_params("fetchLeverage", params)
        self.load_markets()
        market = self.market(symbol)
        request: dict = {}

        response = self.send_request(
            "api/v1/account", ["private"], "GET", {**request, **params} if params else request, {"cost": 1}
        )
        return self.parse_leverage(self.answer_object(response, "fetchLeverage"), market)

    @guarded(name="setLeverage")
    def set_leverage(self, leverage: int, symbol: Str = None, params: dict = {}) -> dict:
        """
        Update account (PATCH api/v1/account).

        https://docs.backpack.exchange/#tag/Account/operation/update_account_settings

        :param int leverage: the leverage to set
        :param str [symbol]: unified symbol of the market, if the leverage is set per market
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: a `leverage structure <https://docs.ccxt.com/?id=leverage-structure>`
        """
        self.check_params("setLeverage", params)
        self.check_amount("setLeverage", "leverage", leverage)
        self.load_markets()
        market = self.market(symbol) if symbol is not None else None
        request: dict = {}
        value = decimal_text(leverage)
        if value is not None:
            request["leverageLimit"] = value

        self.check_leverage("setLeverage", leverage, market)
        if symbol is not None:
            self.leverage_is_account_wide(symbol, leverage)
        response = self.send_request(
            "api/v1/account", ["private"], "PATCH", {**request, **params} if params else request, {"cost": 1}
        )
        if response is None or response == "" or response == {}:  # done: the structure shows what was set
            return self.parse_leverage(request, market)
        return self.parse_leverage(self.answer_object(response, "setLeverage"), market)

    @guarded(name="fetchMarginMode")
    def fetch_margin_mode(self, symbol: str, params: dict = {}) -> MarginMode:
        """
        Every market trades in cross margin: no request is needed.

        :param str symbol: unified symbol of the market
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: a `margin mode structure <https://docs.ccxt.com/?id=margin-mode-structure>`
        """
        self.check_params("fetchMarginMode", params)
        self.load_markets()
        market = self.market(symbol)
        return {"info": {}, "symbol": market["symbol"], "marginMode": "cross"}

    @guarded(name="fetchPositions")
    def fetch_positions(self, symbols: Strings = None, params: dict = {}) -> list[Position]:
        """
        Get open positions (GET api/v1/position).

        https://docs.backpack.exchange/#tag/Position/operation/get_positions

        :param str[] [symbols]: unified symbols of the markets, every market when None
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict[]: a list of `position structures <https://docs.ccxt.com/?id=position-structure>`
        """
        self.check_params("fetchPositions", params)
        self.check_symbols("fetchPositions", symbols)
        self.load_markets()
        symbols = self.market_symbols(symbols)
        request: dict = {}

        response = self.send_request(
            "api/v1/position", ["private"], "GET", {**request, **params} if params else request, {"cost": 1}
        )
        positions = self.parse_rows(self.parse_position, response, "fetchPositions")
        return self.filter_by_array_positions(positions, "symbol", symbols)

    @guarded(name="fetchPosition")
    def fetch_position(self, symbol: str, params: dict = {}) -> Position:
        """
        Get open positions (GET api/v1/position).

        https://docs.backpack.exchange/#tag/Position/operation/get_positions

        :param str symbol: unified symbol of the market
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: a `position structure <https://docs.ccxt.com/?id=position-structure>`
        """
        self.check_params("fetchPosition", params)
        self.load_markets()
        market = self.market(symbol)
        request: dict = {}

        response = self.send_request(
            "api/v1/position", ["private"], "GET", {**request, **params} if params else request, {"cost": 1}
        )
        positions = [
            position
            for position in self.parse_rows(self.parse_position, response, "fetchPosition")
            if position["symbol"] == market["symbol"]
        ]
        return positions[0] if positions else self.parse_position({}, market)  # none: an empty position

    @guarded(name="fetchPositionsHistory")
    def fetch_positions_history(
        self, symbols: Strings = None, since: Int = None, limit: Int = None, params: dict = {}
    ) -> list[Position]:
        """
        Get position history (GET wapi/v1/history/position), page by page, with since, an offset or paginate.

        https://docs.backpack.exchange/#tag/Position/operation/get_position_history

        :param str[] [symbols]: unified symbols of the markets, every market when None
        :param int [since]: the earliest time in ms of the positions to fetch
        :param int [limit]: the most positions to fetch
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :param int [params.until]: the latest time in ms of the positions to fetch
        :param boolean [params.paginate]: read page after page: up to paginationCalls requests of maxEntriesPerRequest positions (ccxt's pagination)
        :param int [params.offset]: read the one page at this offset
        :returns dict[]: a list of `position structures <https://docs.ccxt.com/?id=position-structure>`
        """
        self.check_params("fetchPositionsHistory", params)
        since, until = self.check_since("fetchPositionsHistory", since, params.get("until"))
        if until is not None:
            params = self.extend(params, {"until": until})
        self.check_limit("fetchPositionsHistory", limit)
        self.check_symbols("fetchPositionsHistory", symbols)
        self.load_markets()
        symbols = self.market_symbols(symbols)
        request: dict = {}
        value = min_value(limit, 1000)
        if value is not None:
            request["limit"] = value

        until = to_integer(params.get("until"))  # the API has no end time here: filtered below
        params = omit_keys(params, ("until",))
        paginate, params = self.handle_option_and_params(params, "fetchPositionsHistory", "paginate", False)
        one_page = "offset" in params
        paging, params = self.pagination_settings("fetchPositionsHistory", params, 1000, "offset")
        request.setdefault("sortDirection", "Desc")  # the newest rows first
        if since is not None or paginate or one_page:
            rows = self.fetch_offset_pages(
                self.private_get_wapi_v1_history_position,
                request,
                params,
                since,
                limit,
                paging,
                paginate,
                "fetchPositionsHistory",
                self.parse_position,
                False,
            )
        else:
            rows = self.answer_list(
                self.send_request(
                    "wapi/v1/history/position",
                    ["private"],
                    "GET",
                    {**request, **params} if params else request,
                    {"cost": 1},
                ),
                "fetchPositionsHistory",
            )

        items = self.parse_rows(self.parse_position, rows, "fetchPositionsHistory", None)
        items = self.filter_by_array(items, "symbol", symbols, False)
        items = sort_by(items, "timestamp")
        if until is not None:
            items = [item for item in items if item["timestamp"] is None or item["timestamp"] <= until]
        return filter_since_limit(items, None, None, since, limit)

    @guarded(name="fetchFundingHistory")
    def fetch_funding_history(
        self, symbol: Str = None, since: Int = None, limit: Int = None, params: dict = {}
    ) -> list[FundingHistory]:
        """
        Get funding payments (GET wapi/v1/history/funding), page by page, with since, an offset or paginate.

        https://docs.backpack.exchange/#tag/Position/operation/get_funding_payments

        :param str [symbol]: unified symbol of the market
        :param int [since]: the earliest time in ms of the funding payments to fetch
        :param int [limit]: the most funding payments to fetch
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :param int [params.until]: the latest time in ms of the funding payments to fetch
        :param boolean [params.paginate]: read page after page: up to paginationCalls requests of maxEntriesPerRequest funding payments (ccxt's pagination)
        :param int [params.offset]: read the one page at this offset
        :returns dict[]: a list of `funding history structures <https://docs.ccxt.com/?id=funding-history-structure>`
        """
        self.check_params("fetchFundingHistory", params)
        since, until = self.check_since("fetchFundingHistory", since, params.get("until"))
        if until is not None:
            params = self.extend(params, {"until": until})
        self.check_limit("fetchFundingHistory", limit)
        self.load_markets()
        market = self.market(symbol) if symbol is not None else None
        request: dict = {}
        value = market["id"] if market is not None else None
        if value is not None:
            request["symbol"] = value
        value = min_value(limit, 1000)
        if value is not None:
            request["limit"] = value

        until = to_integer(params.get("until"))  # the API has no end time here: filtered below
        params = omit_keys(params, ("until",))
        paginate, params = self.handle_option_and_params(params, "fetchFundingHistory", "paginate", False)
        one_page = "offset" in params
        paging, params = self.pagination_settings("fetchFundingHistory", params, 1000, "offset")
        request.setdefault("sortDirection", "Desc")  # the newest rows first
        if since is not None or paginate or one_page:
            rows = self.fetch_offset_pages(
                self.private_get_wapi_v1_history_funding,
                request,
                params,
                since,
                limit,
                paging,
                paginate,
                "fetchFundingHistory",
                self.parse_funding_history,
                False,
            )
        else:
            rows = self.answer_list(
                self.send_request(
                    "wapi/v1/history/funding",
                    ["private"],
                    "GET",
                    {**request, **params} if params else request,
                    {"cost": 1},
                ),
                "fetchFundingHistory",
            )

        items = self.parse_rows(self.parse_funding_history, rows, "fetchFundingHistory", market)
        items = filter_since_limit(
            sort_by(items, "timestamp"), "symbol", market["symbol"] if market else None, since, None
        )
        if until is not None:
            items = [item for item in items if item["timestamp"] is None or item["timestamp"] <= until]
        return filter_since_limit(items, None, None, since, limit)

    @guarded(name="fetchBorrowInterest")
    def fetch_borrow_interest(
        self, code: Str = None, symbol: Str = None, since: Int = None, limit: Int = None, params: dict = {}
    ) -> list[BorrowInterest]:
        """
        Get interest history (GET wapi/v1/history/interest), page by page, with since, an offset or paginate.

        https://docs.backpack.exchange/#tag/Borrow-Lend/operation/get_interest_history

        :param str [code]: unified currency code
        :param str [symbol]: unified symbol of the market
        :param int [since]: the earliest time in ms of the interest payments to fetch
        :param int [limit]: the most interest payments to fetch
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :param int [params.until]: the latest time in ms of the interest payments to fetch
        :param boolean [params.paginate]: read page after page: up to paginationCalls requests of maxEntriesPerRequest interest payments (ccxt's pagination)
        :param int [params.offset]: read the one page at this offset
        :returns dict[]: a list of `borrow interest structures <https://docs.ccxt.com/?id=borrow-interest-structure>`
        """
        self.check_params("fetchBorrowInterest", params)
        since, until = self.check_since("fetchBorrowInterest", since, params.get("until"))
        if until is not None:
            params = self.extend(params, {"until": until})
        self.check_limit("fetchBorrowInterest", limit)
        self.load_markets()
        currency = self.currency(code) if code is not None else None
        market = self.market(symbol) if symbol is not None else None
        request: dict = {
            "source": "BorrowLend",
        }
        value = currency["id"] if currency is not None else None
        if value is not None:
            request["asset"] = value
        value = market["id"] if market is not None else None
        if value is not None:
            request["symbol"] = value
        value = min_value(limit, 1000)
        if value is not None:
            request["limit"] = value

        until = to_integer(params.get("until"))  # the API has no end time here: filtered below
        params = omit_keys(params, ("until",))
        paginate, params = self.handle_option_and_params(params, "fetchBorrowInterest", "paginate", False)
        one_page = "offset" in params
        paging, params = self.pagination_settings("fetchBorrowInterest", params, 1000, "offset")
        request.setdefault("sortDirection", "Desc")  # the newest rows first
        if since is not None or paginate or one_page:
            rows = self.fetch_offset_pages(
                self.private_get_wapi_v1_history_interest,
                request,
                params,
                since,
                limit,
                paging,
                paginate,
                "fetchBorrowInterest",
                self.parse_borrow_interest,
                False,
            )
        else:
            rows = self.answer_list(
                self.send_request(
                    "wapi/v1/history/interest",
                    ["private"],
                    "GET",
                    {**request, **params} if params else request,
                    {"cost": 1},
                ),
                "fetchBorrowInterest",
            )

        items = self.parse_rows(self.parse_borrow_interest, rows, "fetchBorrowInterest", market)
        items = filter_since_limit(
            sort_by(items, "timestamp"), "symbol", market["symbol"] if market else None, since, None
        )
        if until is not None:
            items = [item for item in items if item["timestamp"] is None or item["timestamp"] <= until]
        return filter_since_limit(items, None, None, since, limit)

    @guarded(name="fetchSettlementHistory")
    def fetch_settlement_history(
        self, symbol: Str = None, since: Int = None, limit: Int = None, params: dict = {}
    ) -> list[dict]:
        """
        Get settlement history (GET wapi/v1/history/settlement), page by page, with since, an offset or paginate.

        https://docs.backpack.exchange/#tag/Capital/operation/get_settlement_history

        :param str [symbol]: unified symbol of the market
        :param int [since]: the earliest time in ms of the settlements to fetch
        :param int [limit]: the most settlements to fetch
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :param int [params.until]: the latest time in ms of the settlements to fetch
        :param boolean [params.paginate]: read page after page: up to paginationCalls requests of maxEntriesPerRequest settlements (ccxt's pagination)
        :param int [params.offset]: read the one page at this offset
        :returns dict[]: a list of `settlement structures <https://docs.ccxt.com/?id=settlement-history-structure>`
        """
        self.check_params("fetchSettlementHistory", params)
        since, until = self.check_since("fetchSettlementHistory", since, params.get("until"))
        if until is not None:
            params = self.extend(params, {"until": until})
        self.check_limit("fetchSettlementHistory", limit)
        self.load_markets()
        market = self.market(symbol) if symbol is not None else None
        request: dict = {}
        value = min_value(limit, 1000)
        if value is not None:
            request["limit"] = value

        until = to_integer(params.get("until"))  # the API has no end time here: filtered below
        params = omit_keys(params, ("until",))
        paginate, params = self.handle_option_and_params(params, "fetchSettlementHistory", "paginate", False)
        one_page = "offset" in params
        paging, params = self.pagination_settings("fetchSettlementHistory", params, 1000, "offset")
        request.setdefault("sortDirection", "Desc")  # the newest rows first
        if since is not None or paginate or one_page:
            rows = self.fetch_offset_pages(
                self.private_get_wapi_v1_history_settlement,
                request,
                params,
                since,
                limit,
                paging,
                paginate,
                "fetchSettlementHistory",
                self.parse_settlement,
                False,
            )
        else:
            rows = self.answer_list(
                self.send_request(
                    "wapi/v1/history/settlement",
                    ["private"],
                    "GET",
                    {**request, **params} if params else request,
                    {"cost": 1},
                ),
                "fetchSettlementHistory",
            )

        items = self.parse_rows(self.parse_settlement, rows, "fetchSettlementHistory", market)
        items = filter_since_limit(
            sort_by(items, "timestamp"), "symbol", market["symbol"] if market else None, since, None
        )
        if until is not None:
            items = [item for item in items if item["timestamp"] is None or item["timestamp"] <= until]
        return filter_since_limit(items, None, None, since, limit)

    @guarded(name="borrowCrossMargin")
    def borrow_cross_margin(self, code: str, amount: float, params: dict = {}) -> MarginLoan:
        """
        Execute borrow lend (POST api/v1/borrowLend).

        https://docs.backpack.exchange/#tag/Borrow-Lend/operation/execute_borrow_lend

        :param str code: unified currency code
        :param float amount: how much to borrow
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: a `margin loan structure <https://docs.ccxt.com/?id=margin-loan-structure>`
        """
        self.check_params("borrowCrossMargin", params)
        amount = self.check_amount("borrowCrossMargin", "amount", amount)
        self.load_markets()
        currency = self.currency(code)
        request: dict = {
            "symbol": currency["id"],
            "side": "Borrow",
        }
        value = decimal_text(amount)
        if value is not None:
            request["quantity"] = value

        response = self.send_request(
            "api/v1/borrowLend", ["private"], "POST", {**request, **params} if params else request, {"cost": 1}
        )
        if response not in (None, "") and response.__class__ is not dict:
            raise self.bad_answer("borrowCrossMargin", "nothing or an object", response)
        # the exchange answers with nothing: the structure shows what was asked for
        return {
            "id": None,
            "currency": code,
            "amount": to_number(amount),
            "symbol": None,
            "timestamp": None,
            "datetime": None,
            "info": response,
        }

    @guarded(name="repayCrossMargin")
    def repay_cross_margin(self, code: str, amount: float, params: dict = {}) -> MarginLoan:
        """
        Execute borrow lend (POST api/v1/borrowLend).

        https://docs.backpack.exchange/#tag/Borrow-Lend/operation/execute_borrow_lend

        :param str code: unified currency code
        :param float amount: how much to repay
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: a `margin loan structure <https://docs.ccxt.com/?id=margin-loan-structure>`
        """
        self.check_params("repayCrossMargin", params)
        amount = self.check_amount("repayCrossMargin", "amount", amount)
        self.load_markets()
        currency = self.currency(code)
        request: dict = {
            "symbol": currency["id"],
            "side": "Lend",
        }
        value = decimal_text(amount)
        if value is not None:
            request["quantity"] = value

        response = self.send_request(
            "api/v1/borrowLend", ["private"], "POST", {**request, **params} if params else request, {"cost": 1}
        )
        if response not in (None, "") and response.__class__ is not dict:
            raise self.bad_answer("repayCrossMargin", "nothing or an object", response)
        # the exchange answers with nothing: the structure shows what was asked for
        return {
            "id": None,
            "currency": code,
            "amount": to_number(amount),
            "symbol": None,
            "timestamp": None,
            "datetime": None,
            "info": response,
        }

    @guarded(name="fetchLedger")
    def fetch_ledger(
        self, code: Str = None, since: Int = None, limit: Int = None, params: dict = {}
    ) -> list[LedgerEntry]:
        """
        Get deposits (GET wapi/v1/capital/deposits), read as deposit ledger entries.
        Get withdrawals (GET wapi/v1/capital/withdrawals), read as withdrawal ledger entries.
        Get interest history (GET wapi/v1/history/interest), read as interest ledger entries.
        Get settlement history (GET wapi/v1/history/settlement), read as settlement ledger entries.

        https://docs.backpack.exchange/#tag/Capital/operation/get_deposits
        https://docs.backpack.exchange/#tag/Capital/operation/get_withdrawals
        https://docs.backpack.exchange/#tag/Borrow-Lend/operation/get_interest_history
        https://docs.backpack.exchange/#tag/Capital/operation/get_settlement_history

        :param str [code]: unified currency code
        :param int [since]: the earliest time in ms of the ledger entries to fetch
        :param int [limit]: the most ledger entries to fetch
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :param int [params.until]: the latest time in ms of the ledger entries to fetch
        :returns dict[]: a list of `ledger entry structures <https://docs.ccxt.com/?id=ledger-entry-structure>`
        """
        self.check_params("fetchLedger", params)
        since, until = self.check_since("fetchLedger", since, params.get("until"))
        if until is not None:
            params = self.extend(params, {"until": until})
        self.check_limit("fetchLedger", limit)
        self.load_markets()
        currency = self.currency(code) if code is not None else None
        items = []
        request: dict = {}
        value = since
        if value is not None:
            request["from"] = value
        value = params.get("until")
        if value is not None:
            request["to"] = value
        value = min_value(limit, 1000)
        if value is not None:
            request["limit"] = value

        rows = self.private_get_wapi_v1_capital_deposits(self.extend(request, omit_keys(params, ("until",))))
        items += self.parse_rows(self.parse_ledger_entry_deposit, rows, "fetchLedger", currency)
        request = {}
        value = since
        if value is not None:
            request["from"] = value
        value = params.get("until")
        if value is not None:
            request["to"] = value
        value = min_value(limit, 1000)
        if value is not None:
            request["limit"] = value

        rows = self.private_get_wapi_v1_capital_withdrawals(self.extend(request, omit_keys(params, ("until",))))
        items += self.parse_rows(self.parse_ledger_entry_withdrawal, rows, "fetchLedger", currency)
        request = {
            "sortDirection": "Desc",
        }
        value = min_value(limit, 1000)
        if value is not None:
            request["limit"] = value

        rows = self.private_get_wapi_v1_history_interest(self.extend(request, omit_keys(params, ("until",))))
        items += self.parse_rows(self.parse_ledger_entry_interest, rows, "fetchLedger", currency)
        request = {
            "sortDirection": "Desc",
        }
        value = min_value(limit, 1000)
        if value is not None:
            request["limit"] = value

        rows = self.private_get_wapi_v1_history_settlement(self.extend(request, omit_keys(params, ("until",))))
        items += self.parse_rows(self.parse_ledger_entry_settlement, rows, "fetchLedger", currency)
        return filter_since_limit(sort_by(items, "timestamp"), "currency", code, since, limit)

    @guarded(name="createMarketOrderWithCost")
    def create_market_order_with_cost(self, symbol: str, side: OrderSide, cost: float, params: dict = {}) -> Order:
        """
        ccxt's createMarketOrderWithCost, passing the cost as a cost (ccxt's own passes it as the amount).

        Execute order (POST api/v1/order).

        https://docs.backpack.exchange/#tag/Order/operation/execute_order

        :param str symbol: unified symbol of the market
        :param str side: 'buy' or 'sell'
        :param float cost: how much of the quote currency to spend
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: an `order structure <https://docs.ccxt.com/?id=order-structure>`
        """
        return self.create_order(symbol, "market", side, cost, None, self.extend(params, {"cost": cost}))

    @guarded(name="createMarketBuyOrderWithCost")
    def create_market_buy_order_with_cost(self, symbol: str, cost: float, params: dict = {}) -> Order:
        """
        ccxt's createMarketBuyOrderWithCost, passing the cost as a cost (ccxt's own passes it as the amount).

        Execute order (POST api/v1/order).

        https://docs.backpack.exchange/#tag/Order/operation/execute_order

        :param str symbol: unified symbol of the market
        :param float cost: how much of the quote currency to spend
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: an `order structure <https://docs.ccxt.com/?id=order-structure>`
        """
        return self.create_order(symbol, "market", "buy", cost, None, self.extend(params, {"cost": cost}))

    @guarded(name="createMarketSellOrderWithCost")
    def create_market_sell_order_with_cost(self, symbol: str, cost: float, params: dict = {}) -> Order:
        """
        ccxt's createMarketSellOrderWithCost, passing the cost as a cost (ccxt's own passes it as the amount).

        Execute order (POST api/v1/order).

        https://docs.backpack.exchange/#tag/Order/operation/execute_order

        :param str symbol: unified symbol of the market
        :param float cost: how much of the quote currency to spend
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: an `order structure <https://docs.ccxt.com/?id=order-structure>`
        """
        return self.create_order(symbol, "market", "sell", cost, None, self.extend(params, {"cost": cost}))

    @guarded(name="fetchConvertQuote")
    def fetch_convert_quote(self, fromCode: str, toCode: str, amount: Num = None, params: dict = {}) -> Conversion:
        """
        Submit an RFQ to convert `amount` of fromCode and wait for the best maker quote.

        params['timeout'] (ms, default options['convertQuoteTimeout'] or 5000) bounds the wait.
        The result's id is the quote id that createConvertTrade accepts.

        Submit RFQ (POST api/v1/rfq).

        https://docs.backpack.exchange/#tag/RFQ/operation/submit_rfq

        :param str fromCode: unified code of the currency to convert from
        :param str toCode: unified code of the currency to convert to
        :param float [amount]: how much of the fromCode currency to convert
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: a `conversion structure <https://docs.ccxt.com/?id=conversion-structure>`
        """
        return ConvertMethods.fetch_convert_quote(self, fromCode, toCode, amount, params)

    @guarded(name="createConvertTrade")
    def create_convert_trade(
        self, id: str, fromCode: str, toCode: str, amount: Num = None, params: dict = {}
    ) -> Conversion:
        """
        Accept the quote `id` (from fetchConvertQuote): the RFQ fills at the quoted price.

        Accept quote (POST api/v1/rfq/accept).

        https://docs.backpack.exchange/#tag/RFQ/operation/accept_quote

        :param str id: the id of the quote to accept
        :param str fromCode: unified code of the currency to convert from
        :param str toCode: unified code of the currency to convert to
        :param float [amount]: how much of the fromCode currency to convert
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: a `conversion structure <https://docs.ccxt.com/?id=conversion-structure>`
        """
        return ConvertMethods.create_convert_trade(self, id, fromCode, toCode, amount, params)

    def resend_order(
        self,
        request: dict,
        market: dict,
        side: str,
        client_order_id: str,
        sent_at: int,
        retries: int,
        delay: int,
        error: Exception,
    ) -> Order:
        """After a lost answer to an order with a client id: the order the exchange has,
        else the order sent again, up to `retries` times.

        It is never placed twice: each attempt first looks the client id up
        (open orders, then the order history), and a resend that the exchange
        rejects as a duplicate resolves to the order already there.
        """
        for _ in range(retries):
            if delay:
                self.sleep(delay)
            try:
                placed = self.find_placed_order(market, side, client_order_id, sent_at)
                if placed is not None:
                    return placed
                response = self.private_post_api_v1_order(request)
                return self.parse_order(self.answer_object(response, "createOrder"), market)
            except OperationFailed as again:
                error = again
            except InvalidOrder as rejected:
                if "Order with client ID already exists" not in str(rejected):
                    raise
                placed = self.find_placed_order(market, side, client_order_id, sent_at)
                if placed is None:
                    raise
                return placed
        raise error

    def find_placed_order(self, market: dict, side: str, client_order_id: str, sent_at: int) -> Order | None:
        """The order of this side with this client id placed since `sent_at` (less a
        minute for the clocks), or None: an older order that reused the client id is not it."""
        try:
            order = self.fetch_order(None, market["symbol"], {"clientOrderId": client_order_id})
        except OrderNotFound:
            return None
        if order["side"] == side and (order["timestamp"] is None or order["timestamp"] >= sent_at - 60000):
            return order
        return None

    def fetch_offset_pages(
        self,
        call: Callable[[dict], Any],
        request: dict,
        params: dict,
        since: int | None,
        limit: int | None,
        paging: tuple[int, int, int],
        paginate: bool,
        method: str,
        parse: Callable[..., Any],
        filtered: bool = False,
    ) -> list:
        """Rows of an offset-paged endpoint.

        `filtered`: the server itself keeps only rows after `since`, oldest first,
        so pages are read until `limit` rows are in. Otherwise the first page holds
        the newest rows, and with `since` pages are read until one reaches back
        past it. With `paginate`, until `limit` rows (or the last page); with only
        an `offset` in params, that one page. `paging`: (at most how many requests,
        rows per request, the first offset), from pagination_settings.
        """
        calls, per_request, offset = paging
        walk = (since is not None and not filtered) or paginate
        size = per_request if (walk or limit is None) else min(limit, per_request)
        rows = []
        for _ in range(calls if walk else 1):
            page = self.answer_list(call(self.extend(request, {"limit": size, "offset": offset}, params)), method)
            if not page:
                break
            rows.extend(page)
            offset += len(page)
            if len(page) < size:
                break
            if since is not None and not filtered and self.page_reaches(page, since, parse):
                break
            if (since is None or filtered) and limit is not None and len(rows) >= limit:
                break
        return rows
