"""Backpack for ccxt (sync): the unified methods, each mapped onto the API by the spec.

Generated from spec/backpack; do not edit.
"""

from ccxt.base.exchange import Exchange
from ccxt.base.errors import (
    ArgumentsRequired,
    BadResponse,
    BadSymbol,
    CancelPending,
    NotSupported,
    NullResponse,
    OrderNotFound,
)

from .base import BackpackMixin, FETCH_OHLCV_PRICE_TYPE
from .abstract import ImplicitAPI
from .handwritten.convert_sync import Methods as ConvertMethods
from .runtime import (
    RETRY_OPTIONS,
    decimal_text,
    scaled_number,
    filter_since_limit,
    lookup,
    min_value,
    ms_to_s,
    omit_keys,
    round_up,
    sort_by,
    to_integer,
)


class backpack(ConvertMethods, BackpackMixin, Exchange, ImplicitAPI):

    def fetch2(self, path, api=["public"], method="GET", params={}, config={}):
        """ccxt's fetch2, minus its option lookups when no retry option is set anywhere.

        The lookups (maxRetriesOnFailure and its delay, in params, per path and
        exchange-wide) cost more than signing a request; when any of them is
        set, or ccxt's fetch history cache is on, ccxt's own fetch2 runs.
        """
        if (
            self.fetchHistoryCacheSize > 0
            or params.__class__ is not dict
            or path in self.options
            or not RETRY_OPTIONS.isdisjoint(params)
            or not RETRY_OPTIONS.isdisjoint(self.options)
        ):
            return super().fetch2(path, api, method, params, config)
        if self.enableRateLimit:
            self.throttle(self.calculate_rate_limiter_cost(api, method, path, params, config))
        self.lastRestRequestTimestamp = self.milliseconds()
        request = self.sign(path, api, method, params)
        self.last_request_headers = request["headers"]
        self.last_request_body = request["body"]
        self.last_request_url = request["url"]
        return self.fetch(request["url"], request["method"], request["headers"], request["body"])

    def fetch_status(self, params={}):
        """fetchStatus via GET /api/v1/status."""
        response = self.public_get_api_v1_status(params)
        if response.__class__ is not dict:
            raise BadResponse(self.id + " fetch_status() expected an object, got " + repr(response)[:200])
        return self.parse_status(response)

    def fetch_time(self, params={}):
        """fetchTime via GET /api/v1/time."""
        response = self.public_get_api_v1_time(params)
        value = to_integer(response)
        if value is None:
            raise BadResponse(self.id + " fetch_time() expected integer, got " + repr(response)[:200])
        return value

    def fetch_markets(self, params={}):
        """fetchMarkets via GET /api/v1/markets."""
        market = None
        request = {
            "marketType": ["SPOT", "PERP", "IPERP", "DATED", "PREDICTION", "RFQ"],
        }

        response = self.public_get_api_v1_markets(self.extend(request, params))
        return self.parse_markets(response)

    def fetch_currencies(self, params={}):
        """fetchCurrencies via GET /api/v1/assets."""
        market = None
        request = {}

        response = self.public_get_api_v1_assets(self.extend(request, params))
        result = {}
        for raw in response if response.__class__ is list else []:
            if raw.__class__ is dict:
                currency = self.parse_currency(raw)
                result[currency["code"]] = currency
        return result

    def fetch_ticker(self, symbol, params={}):
        """fetchTicker via GET /api/v1/ticker."""
        self.load_markets()
        market = self.market(symbol)
        request = {}
        value = market["id"] if market is not None else None
        if value is not None:
            request["symbol"] = value

        response = self.public_get_api_v1_ticker(self.extend(request, params))
        if response.__class__ is not dict:
            raise NullResponse(self.id + " fetch_ticker() got no data for " + symbol)
        return self.parse_ticker(response, market)

    def fetch_tickers(self, symbols=None, params={}):
        """fetchTickers via GET /api/v1/tickers."""
        self.load_markets()
        market = None
        request = {}

        symbols = self.market_symbols(symbols)
        response = self.public_get_api_v1_tickers(self.extend(request, params))
        result = {}
        for raw in response if response.__class__ is list else []:
            if raw.__class__ is dict:
                item = self.parse_ticker(raw)
                result[item["symbol"]] = item
        return self.filter_by_array(result, "symbol", symbols)

    def fetch_order_book(self, symbol, limit=None, params={}):
        """fetchOrderBook via GET /api/v1/depth."""
        self.load_markets()
        market = self.market(symbol)
        request = {}
        value = market["id"] if market is not None else None
        if value is not None:
            request["symbol"] = value
        value = round_up(limit, ("5", "10", "20", "50", "100", "500", "1000"))
        if value is not None:
            request["limit"] = value

        response = self.public_get_api_v1_depth(self.extend(request, params))
        if response.__class__ is not dict:
            raise NullResponse(self.id + " fetch_order_book() got no data for " + symbol)
        book = self.parse_depth(response, market["symbol"])
        if limit is not None:
            book["bids"] = book["bids"][:limit]
            book["asks"] = book["asks"][:limit]
        return book

    def fetch_trades(self, symbol, since=None, limit=None, params={}):
        """fetchTrades via GET /api/v1/trades (since, offset or paginate: GET /api/v1/trades/history, paged)."""
        self.load_markets()
        market = self.market(symbol)
        request = {}
        value = market["id"] if market is not None else None
        if value is not None:
            request["symbol"] = value
        value = min_value(limit, 1000)
        if value is not None:
            request["limit"] = value

        until = to_integer(params.get("until"))  # the API has no end time here: filtered below
        params = omit_keys(params, ("until",))
        paginate, params = self.handle_option_and_params(params, "fetchTrades", "paginate", False)
        if since is not None or paginate or "offset" in params:
            rows = self.fetch_offset_pages(
                self.public_get_api_v1_trades_history,
                request,
                params,
                since,
                limit,
                1000,
                paginate,
                "fetchTrades",
                self.parse_trade,
                False,
            )
        else:
            rows = self.public_get_api_v1_trades(self.extend(request, params))
        items = self.parse_trades(rows, market, since)
        if until is not None:
            items = [item for item in items if item["timestamp"] is None or item["timestamp"] <= until]
        return filter_since_limit(items, None, None, since, limit)

    def fetch_ohlcv(self, symbol, timeframe="1m", since=None, limit=None, params={}):
        """fetchOHLCV via GET /api/v1/klines."""
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
            start = end - count * duration
        request = {}
        value = market["id"] if market is not None else None
        if value is not None:
            request["symbol"] = value
        value = self.safe_string(self.timeframes, timeframe, timeframe)
        if value is not None:
            request["interval"] = value
        value = lookup(FETCH_OHLCV_PRICE_TYPE, params.get("price"))
        if value is not None:
            request["priceType"] = value
        params = omit_keys(params, ("price",))

        request["startTime"] = ms_to_s(start)
        request["endTime"] = ms_to_s(end)
        response = self.public_get_api_v1_klines(self.extend(request, params))
        return self.parse_ohlcvs(response if response.__class__ is list else [], market, timeframe, since, limit)

    def fetch_funding_rate(self, symbol, params={}):
        """fetchFundingRate via GET /api/v1/markPrices."""
        self.load_markets()
        market = self.market(symbol)
        if not market["contract"]:
            raise BadSymbol(
                self.id + " fetch_funding_rate() needs a contract market; " + symbol + " is " + market["type"]
            )
        request = {}
        value = market["id"] if market is not None else None
        if value is not None:
            request["symbol"] = value

        response = self.public_get_api_v1_markprices(self.extend(request, params))
        if response.__class__ is not list or not response or response[0].__class__ is not dict:
            raise BadResponse(self.id + " fetch_funding_rate() got no data for " + symbol)
        return self.parse_funding_rate(response[0], market)

    def fetch_funding_rates(self, symbols=None, params={}):
        """fetchFundingRates via GET /api/v1/markPrices."""
        self.load_markets()
        market = None
        request = {
            "marketType": "PERP",
        }

        symbols = self.market_symbols(symbols)
        response = self.public_get_api_v1_markprices(self.extend(request, params))
        result = {}
        for raw in response if response.__class__ is list else []:
            if raw.__class__ is dict:
                item = self.parse_funding_rate(raw)
                result[item["symbol"]] = item
        return self.filter_by_array(result, "symbol", symbols)

    def fetch_funding_rate_history(self, symbol=None, since=None, limit=None, params={}):
        """fetchFundingRateHistory via GET /api/v1/fundingRates (since, offset or paginate: GET /api/v1/fundingRates, paged)."""
        self.load_markets()
        if symbol is None:
            raise ArgumentsRequired(self.id + " fetch_funding_rate_history() requires a symbol argument")
        market = self.market(symbol)
        if not market["contract"]:
            raise BadSymbol(
                self.id + " fetch_funding_rate_history() needs a contract market; " + symbol + " is " + market["type"]
            )
        request = {}
        value = market["id"] if market is not None else None
        if value is not None:
            request["symbol"] = value
        value = min_value(limit, 1000)
        if value is not None:
            request["limit"] = value

        until = to_integer(params.get("until"))  # the API has no end time here: filtered below
        params = omit_keys(params, ("until",))
        paginate, params = self.handle_option_and_params(params, "fetchFundingRateHistory", "paginate", False)
        if since is not None or paginate or "offset" in params:
            rows = self.fetch_offset_pages(
                self.public_get_api_v1_fundingrates,
                request,
                params,
                since,
                limit,
                1000,
                paginate,
                "fetchFundingRateHistory",
                self.parse_funding_rate_history,
                False,
            )
        else:
            rows = self.public_get_api_v1_fundingrates(self.extend(request, params))
        items = (
            [self.parse_funding_rate_history(raw, market) for raw in rows if raw.__class__ is dict]
            if rows.__class__ is list
            else []
        )
        items = filter_since_limit(
            sort_by(items, "timestamp"), "symbol", market["symbol"] if market else None, since, None
        )
        if until is not None:
            items = [item for item in items if item["timestamp"] is None or item["timestamp"] <= until]
        return filter_since_limit(items, None, None, since, limit)

    def fetch_open_interest(self, symbol, params={}):
        """fetchOpenInterest via GET /api/v1/openInterest."""
        self.load_markets()
        market = self.market(symbol)
        if not market["contract"]:
            raise BadSymbol(
                self.id + " fetch_open_interest() needs a contract market; " + symbol + " is " + market["type"]
            )
        request = {}
        value = market["id"] if market is not None else None
        if value is not None:
            request["symbol"] = value

        response = self.public_get_api_v1_openinterest(self.extend(request, params))
        if response.__class__ is not list or not response or response[0].__class__ is not dict:
            raise BadResponse(self.id + " fetch_open_interest() got no data for " + symbol)
        return self.parse_open_interest(response[0], market)

    def fetch_open_interests(self, symbols=None, params={}):
        """fetchOpenInterests via GET /api/v1/openInterest."""
        self.load_markets()
        market = None
        request = {}

        symbols = self.market_symbols(symbols)
        response = self.public_get_api_v1_openinterest(self.extend(request, params))
        result = {}
        for raw in response if response.__class__ is list else []:
            if raw.__class__ is dict:
                item = self.parse_open_interest(raw)
                result[item["symbol"]] = item
        return self.filter_by_array(result, "symbol", symbols)

    def fetch_cross_borrow_rates(self, params={}):
        """fetchCrossBorrowRates via GET /api/v1/borrowLend/markets."""
        self.load_markets()
        market = None
        request = {}

        response = self.public_get_api_v1_borrowlend_markets(self.extend(request, params))
        result = {}
        for raw in response if response.__class__ is list else []:
            if raw.__class__ is dict:
                rate = self.parse_borrow_rate(raw)
                result[rate["currency"]] = rate
        return result

    def fetch_cross_borrow_rate(self, code, params={}):
        """fetchCrossBorrowRate via GET /api/v1/borrowLend/markets."""
        self.load_markets()
        currency = self.currency(code)
        market = None
        request = {}

        response = self.public_get_api_v1_borrowlend_markets(self.extend(request, params))
        for raw in response if response.__class__ is list else []:
            if raw.__class__ is dict:
                rate = self.parse_borrow_rate(raw)
                if rate["currency"] == code:
                    return rate
        raise BadSymbol(self.id + " fetch_cross_borrow_rate() has no data for currency " + str(code))

    def create_order(self, symbol, type, side, amount, price=None, params={}):
        """createOrder via POST /api/v1/order."""
        self.load_markets()
        market = self.market(symbol)
        request = self.create_order_request(symbol, type, side, amount, price, params)
        response = self.private_post_api_v1_order(request)
        if response.__class__ is not dict:
            raise NullResponse(self.id + " create_order() got no order back: " + repr(response)[:200])
        return self.parse_order(response, market)

    def create_orders(self, orders, params={}):
        """createOrders via POST /api/v1/orders."""
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
        response = self.private_post_api_v1_orders(requests)
        if response.__class__ is not list:
            raise NullResponse(self.id + " create_orders() got no orders back: " + repr(response)[:200])
        result = []
        for item, order in zip(response, orders):
            if item.__class__ is dict and item.get("operation", "Ok") == "Ok":
                result.append(self.parse_order(item, self.market(order["symbol"])))
            else:
                # a rejected item keeps the exchange's code and message in info
                result.append(
                    self.safe_order(
                        {
                            "info": item,
                            "status": "rejected",
                            "symbol": order["symbol"],
                            "type": order["type"],
                            "side": order["side"],
                        }
                    )
                )
        return result

    def cancel_order(self, id, symbol=None, params={}):
        """cancelOrder via DELETE /api/v1/order."""
        self.load_markets()
        if symbol is None:
            raise ArgumentsRequired(self.id + " cancel_order() requires a symbol argument")
        market = self.market(symbol)
        request = {}
        value = market["id"] if market is not None else None
        if value is not None:
            request["symbol"] = value
        value = id
        if value is not None:
            request["orderId"] = value
        client_order_id = params.get("clientOrderId")
        if client_order_id is not None:
            request.pop("orderId", None)
            request["clientId"] = self.client_order_id_value(client_order_id)
            params = omit_keys(params, ("clientOrderId",))

        response = self.private_delete_api_v1_order(self.extend(request, params))
        if response.__class__ is not dict:
            raise CancelPending(
                self.id
                + " cancel_order() "
                + str(id)
                + ": the exchange accepted the cancel but has not carried it out yet"
            )
        return self.parse_order(response, market)

    def cancel_orders(self, ids, symbol=None, params={}):
        """cancelOrders via DELETE /api/v1/order."""
        result = []
        for order_id in ids:
            result.append(self.cancel_order(order_id, symbol, params))
        return result

    def cancel_all_orders(self, symbol=None, params={}):
        """cancelAllOrders via DELETE /api/v1/orders."""
        if symbol is None:
            # the API cancels per market: cancel in every market that has open orders
            result = []
            for market_symbol in sorted(
                {order["symbol"] for order in self.fetch_open_orders(None, None, None, params)}
            ):
                result.extend(self.cancel_all_orders(market_symbol, params))
            return result
        self.load_markets()
        if symbol is None:
            raise ArgumentsRequired(self.id + " cancel_all_orders() requires a symbol argument")
        market = self.market(symbol)
        request = {}
        value = market["id"] if market is not None else None
        if value is not None:
            request["symbol"] = value

        response = self.private_delete_api_v1_orders(self.extend(request, params))
        if response.__class__ is not list:
            raise CancelPending(
                self.id
                + " cancel_all_orders() "
                + symbol
                + ": the exchange accepted the cancel but has not carried it out yet"
            )
        return self.parse_orders(response, market)

    def fetch_open_order(self, id, symbol=None, params={}):
        """fetchOpenOrder via GET /api/v1/order."""
        self.load_markets()
        if symbol is None:
            raise ArgumentsRequired(self.id + " fetch_open_order() requires a symbol argument")
        market = self.market(symbol)
        request = {}
        value = market["id"] if market is not None else None
        if value is not None:
            request["symbol"] = value
        value = id
        if value is not None:
            request["orderId"] = value
        client_order_id = params.get("clientOrderId")
        if client_order_id is not None:
            request.pop("orderId", None)
            request["clientId"] = self.client_order_id_value(client_order_id)
            params = omit_keys(params, ("clientOrderId",))

        response = self.private_get_api_v1_order(self.extend(request, params))
        if response.__class__ is not dict:
            raise OrderNotFound(self.id + " fetch_open_order() " + str(id) + " is not an open order of " + symbol)
        return self.parse_order(response, market)

    def fetch_order(self, id, symbol=None, params={}):
        """fetchOrder via GET /api/v1/order (since, offset or paginate: GET /wapi/v1/history/orders, paged)."""
        self.load_markets()
        if symbol is None:
            raise ArgumentsRequired(self.id + " fetch_order() requires a symbol argument")
        market = self.market(symbol)
        request = {}
        value = market["id"] if market is not None else None
        if value is not None:
            request["symbol"] = value
        value = id
        if value is not None:
            request["orderId"] = value
        client_order_id = params.get("clientOrderId")
        if client_order_id is not None:
            request.pop("orderId", None)
            request["clientId"] = self.client_order_id_value(client_order_id)
            params = omit_keys(params, ("clientOrderId",))

        try:
            response = self.private_get_api_v1_order(self.extend(request, params))
            if response.__class__ is dict:
                return self.parse_order(response, market)
        except OrderNotFound:
            pass
        rows = self.private_get_wapi_v1_history_orders(self.extend(request, params))
        wanted = str(params["clientOrderId"]) if "clientOrderId" in params else str(id)
        for order in self.parse_orders(rows if rows.__class__ is list else [], market):
            if wanted in (order["id"], order["clientOrderId"]):
                return order
        raise OrderNotFound(
            self.id + " fetch_order() " + wanted + " is neither an open order nor in the order history of " + symbol
        )

    def fetch_open_orders(self, symbol=None, since=None, limit=None, params={}):
        """fetchOpenOrders via GET /api/v1/orders."""
        self.load_markets()
        market = self.market(symbol) if symbol is not None else None
        request = {}
        value = market["id"] if market is not None else None
        if value is not None:
            request["symbol"] = value

        until = to_integer(params.get("until"))  # the API has no end time here: filtered below
        params = omit_keys(params, ("until",))
        rows = self.private_get_api_v1_orders(self.extend(request, params))
        items = self.parse_orders(rows, market, since)
        if until is not None:
            items = [item for item in items if item["timestamp"] is None or item["timestamp"] <= until]
        return filter_since_limit(items, None, None, since, limit)

    def fetch_orders(self, symbol=None, since=None, limit=None, params={}):
        """fetchOrders via GET /wapi/v1/history/orders (since, offset or paginate: GET /wapi/v1/history/orders, paged)."""
        self.load_markets()
        market = self.market(symbol) if symbol is not None else None
        request = {}
        value = market["id"] if market is not None else None
        if value is not None:
            request["symbol"] = value
        value = min_value(limit, 1000)
        if value is not None:
            request["limit"] = value

        until = to_integer(params.get("until"))  # the API has no end time here: filtered below
        params = omit_keys(params, ("until",))
        paginate, params = self.handle_option_and_params(params, "fetchOrders", "paginate", False)
        # the newest rows first, or with `since` the oldest rows after it
        request.setdefault("sortDirection", "Asc" if since is not None and False else "Desc")
        if since is not None or paginate or "offset" in params:
            rows = self.fetch_offset_pages(
                self.private_get_wapi_v1_history_orders,
                request,
                params,
                since,
                limit,
                1000,
                paginate,
                "fetchOrders",
                self.parse_order,
                False,
            )
        else:
            rows = self.private_get_wapi_v1_history_orders(self.extend(request, params))
        items = self.parse_orders(rows, market, since)
        if until is not None:
            items = [item for item in items if item["timestamp"] is None or item["timestamp"] <= until]
        return filter_since_limit(items, None, None, since, limit)

    def fetch_closed_orders(self, symbol=None, since=None, limit=None, params={}):
        """fetchClosedOrders via GET /wapi/v1/history/orders (since, offset or paginate: GET /wapi/v1/history/orders, paged)."""
        self.load_markets()
        market = self.market(symbol) if symbol is not None else None
        request = {}
        value = market["id"] if market is not None else None
        if value is not None:
            request["symbol"] = value
        value = min_value(limit, 1000)
        if value is not None:
            request["limit"] = value

        until = to_integer(params.get("until"))  # the API has no end time here: filtered below
        params = omit_keys(params, ("until",))
        paginate, params = self.handle_option_and_params(params, "fetchClosedOrders", "paginate", False)
        # the newest rows first, or with `since` the oldest rows after it
        request.setdefault("sortDirection", "Asc" if since is not None and False else "Desc")
        if since is not None or paginate or "offset" in params:
            rows = self.fetch_offset_pages(
                self.private_get_wapi_v1_history_orders,
                request,
                params,
                since,
                limit,
                1000,
                paginate,
                "fetchClosedOrders",
                self.parse_order,
                False,
            )
        else:
            rows = self.private_get_wapi_v1_history_orders(self.extend(request, params))
        items = [order for order in self.parse_orders(rows, market, since) if order["status"] == "closed"]
        if until is not None:
            items = [item for item in items if item["timestamp"] is None or item["timestamp"] <= until]
        return filter_since_limit(items, None, None, since, limit)

    def fetch_canceled_orders(self, symbol=None, since=None, limit=None, params={}):
        """fetchCanceledOrders via GET /wapi/v1/history/orders (since, offset or paginate: GET /wapi/v1/history/orders, paged)."""
        self.load_markets()
        market = self.market(symbol) if symbol is not None else None
        request = {}
        value = market["id"] if market is not None else None
        if value is not None:
            request["symbol"] = value
        value = min_value(limit, 1000)
        if value is not None:
            request["limit"] = value

        until = to_integer(params.get("until"))  # the API has no end time here: filtered below
        params = omit_keys(params, ("until",))
        paginate, params = self.handle_option_and_params(params, "fetchCanceledOrders", "paginate", False)
        # the newest rows first, or with `since` the oldest rows after it
        request.setdefault("sortDirection", "Asc" if since is not None and False else "Desc")
        if since is not None or paginate or "offset" in params:
            rows = self.fetch_offset_pages(
                self.private_get_wapi_v1_history_orders,
                request,
                params,
                since,
                limit,
                1000,
                paginate,
                "fetchCanceledOrders",
                self.parse_order,
                False,
            )
        else:
            rows = self.private_get_wapi_v1_history_orders(self.extend(request, params))
        items = [order for order in self.parse_orders(rows, market, since) if order["status"] == "canceled"]
        if until is not None:
            items = [item for item in items if item["timestamp"] is None or item["timestamp"] <= until]
        return filter_since_limit(items, None, None, since, limit)

    def fetch_my_trades(self, symbol=None, since=None, limit=None, params={}):
        """fetchMyTrades via GET /wapi/v1/history/fills (since, offset or paginate: GET /wapi/v1/history/fills, paged)."""
        self.load_markets()
        market = self.market(symbol) if symbol is not None else None
        request = {}
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
        # the newest rows first, or with `since` the oldest rows after it
        request.setdefault("sortDirection", "Asc" if since is not None and True else "Desc")
        if since is not None or paginate or "offset" in params:
            rows = self.fetch_offset_pages(
                self.private_get_wapi_v1_history_fills,
                request,
                params,
                since,
                limit,
                1000,
                paginate,
                "fetchMyTrades",
                self.parse_trade,
                True,
            )
        else:
            rows = self.private_get_wapi_v1_history_fills(self.extend(request, params))
        items = self.parse_trades(rows, market, since, limit)
        return items

    def fetch_order_trades(self, id, symbol=None, since=None, limit=None, params={}):
        """fetchOrderTrades via GET /wapi/v1/history/fills (since, offset or paginate: GET /wapi/v1/history/fills, paged)."""
        self.load_markets()
        market = self.market(symbol) if symbol is not None else None
        request = {}
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
        # the newest rows first, or with `since` the oldest rows after it
        request.setdefault("sortDirection", "Asc" if since is not None and True else "Desc")
        if since is not None or paginate or "offset" in params:
            rows = self.fetch_offset_pages(
                self.private_get_wapi_v1_history_fills,
                request,
                params,
                since,
                limit,
                1000,
                paginate,
                "fetchOrderTrades",
                self.parse_trade,
                True,
            )
        else:
            rows = self.private_get_wapi_v1_history_fills(self.extend(request, params))
        items = self.parse_trades(rows, market, since, limit)
        return items

    def fetch_balance(self, params={}):
        """fetchBalance via GET /api/v1/capital."""
        self.load_markets()
        balance_type = params.get("type")
        params = omit_keys(params, ("type",))
        if balance_type == "margin":
            response = self.private_get_api_v1_capital_collateral(params)
            if response.__class__ is not dict:
                raise NullResponse(self.id + " fetch_balance() expected balances, got " + repr(response)[:200])
            return self.parse_balance_collateral(response)
        response = self.private_get_api_v1_capital(params)
        if response.__class__ is not dict:
            raise NullResponse(self.id + " fetch_balance() expected balances, got " + repr(response)[:200])
        return self.parse_balance_spot(response)

    def fetch_deposits(self, code=None, since=None, limit=None, params={}):
        """fetchDeposits via GET /wapi/v1/capital/deposits (since, offset or paginate: GET /wapi/v1/capital/deposits, paged)."""
        self.load_markets()
        currency = self.currency(code) if code is not None else None
        market = None
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
        params = omit_keys(params, ("until",))

        paginate, params = self.handle_option_and_params(params, "fetchDeposits", "paginate", False)
        if since is not None or paginate or "offset" in params:
            rows = self.fetch_offset_pages(
                self.private_get_wapi_v1_capital_deposits,
                request,
                params,
                since,
                limit,
                1000,
                paginate,
                "fetchDeposits",
                self.parse_transaction,
                True,
            )
        else:
            rows = self.private_get_wapi_v1_capital_deposits(self.extend(request, params))
        items = (
            [self.parse_transaction(raw, currency) for raw in rows if raw.__class__ is dict]
            if rows.__class__ is list
            else []
        )
        items = filter_since_limit(sort_by(items, "timestamp"), "currency", code, since, None)
        return filter_since_limit(items, None, None, since, limit)

    def fetch_withdrawals(self, code=None, since=None, limit=None, params={}):
        """fetchWithdrawals via GET /wapi/v1/capital/withdrawals (since, offset or paginate: GET /wapi/v1/capital/withdrawals, paged)."""
        self.load_markets()
        currency = self.currency(code) if code is not None else None
        market = None
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
        params = omit_keys(params, ("until",))

        paginate, params = self.handle_option_and_params(params, "fetchWithdrawals", "paginate", False)
        if since is not None or paginate or "offset" in params:
            rows = self.fetch_offset_pages(
                self.private_get_wapi_v1_capital_withdrawals,
                request,
                params,
                since,
                limit,
                1000,
                paginate,
                "fetchWithdrawals",
                self.parse_transaction,
                True,
            )
        else:
            rows = self.private_get_wapi_v1_capital_withdrawals(self.extend(request, params))
        items = (
            [self.parse_transaction(raw, currency) for raw in rows if raw.__class__ is dict]
            if rows.__class__ is list
            else []
        )
        items = filter_since_limit(sort_by(items, "timestamp"), "currency", code, since, None)
        return filter_since_limit(items, None, None, since, limit)

    def fetch_deposits_withdrawals(self, code=None, since=None, limit=None, params={}):
        """fetchDepositsWithdrawals via GET /wapi/v1/capital/deposits."""
        items = []
        items += self.fetch_deposits(code, since, limit, params)
        items += self.fetch_withdrawals(code, since, limit, params)
        return filter_since_limit(sort_by(items, "timestamp"), None, None, since, limit)

    def fetch_deposit_address(self, code, params={}):
        """fetchDepositAddress via GET /wapi/v1/capital/deposit/address."""
        self.load_markets()
        currency = self.currency(code)
        market = None
        request = {
            "blockchain": self.network_request_id(code, params),
        }
        params = omit_keys(params, ("network", "networkCode"))

        network = self.network_code(next(iter(value for key, value in request.items() if key in ["blockchain"]), None))
        response = self.private_get_wapi_v1_capital_deposit_address(self.extend(request, params))
        if response.__class__ is not dict:
            raise NullResponse(self.id + " fetch_deposit_address() got no address for " + code)
        return self.parse_deposit_address(response, currency, network)

    def withdraw(self, code, amount, address, tag=None, params={}):
        """withdraw via POST /wapi/v1/capital/withdrawals."""
        if tag is None:
            tag = params.get("tag")
            params = omit_keys(params, ("tag",))
        if tag is not None:
            raise NotSupported(self.id + " withdraw() cannot send a tag or memo: the API has no field for one")
        self.check_address(address)
        self.load_markets()
        currency = self.currency(code)
        market = None
        request = {
            "blockchain": self.network_request_id(code, params),
        }
        value = currency["id"] if currency is not None else None
        if value is not None:
            request["symbol"] = value
        value = decimal_text(amount)
        if value is not None:
            request["quantity"] = value
        value = address
        if value is not None:
            request["address"] = value
        params = omit_keys(params, ("network", "networkCode"))

        response = self.private_post_wapi_v1_capital_withdrawals(self.extend(request, params))
        if response.__class__ is not dict:
            raise NullResponse(self.id + " withdraw() got no withdrawal back: " + repr(response)[:200])
        return self.parse_transaction(response, currency)

    def fetch_deposit_withdraw_fees(self, codes=None, params={}):
        """fetchDepositWithdrawFees via GET /api/v1/assets."""
        response = self.public_get_api_v1_assets(params)
        result = {}
        for raw in response if response.__class__ is list else []:
            if raw.__class__ is not dict:
                continue
            currency = self.parse_currency(raw)
            if codes is None or currency["code"] in codes:
                result[currency["code"]] = {
                    "info": raw,
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

    def fetch_trading_fees(self, params={}):
        """fetchTradingFees via GET /api/v1/account."""
        self.load_markets()
        response = self.private_get_api_v1_account(params)
        if response.__class__ is not dict:
            raise NullResponse(self.id + " fetch_trading_fees() got no fees: " + repr(response)[:200])
        fees = {
            "spot": {"maker": "spotMakerFee", "taker": "spotTakerFee"},
            "contract": {"maker": "futuresMakerFee", "taker": "futuresTakerFee"},
            "scale": 0.0001,
        }
        result = {}
        for symbol, market in self.markets.items():
            group = fees["contract" if market["contract"] else "spot"]
            result[symbol] = {
                "info": response,
                "symbol": symbol,
                "maker": scaled_number(response.get(group["maker"]), str(fees["scale"])),
                "taker": scaled_number(response.get(group["taker"]), str(fees["scale"])),
                "percentage": True,
                "tierBased": True,
            }
        return result

    def fetch_leverage(self, symbol, params={}):
        """fetchLeverage via GET /api/v1/account."""
        self.load_markets()
        market = self.market(symbol)
        request = {}

        response = self.private_get_api_v1_account(self.extend(request, params))
        if response.__class__ is not dict:
            raise NullResponse(self.id + " fetch_leverage() got no account: " + repr(response)[:200])
        return self.parse_leverage(response, market)

    def set_leverage(self, leverage, symbol=None, params={}):
        """setLeverage via PATCH /api/v1/account."""
        self.load_markets()
        market = self.market(symbol) if symbol is not None else None
        request = {}
        value = decimal_text(leverage)
        if value is not None:
            request["leverageLimit"] = value

        response = self.private_patch_api_v1_account(self.extend(request, params))
        # an empty answer means done: the structure then shows what was set
        return self.parse_leverage(response if response.__class__ is dict and response else request, market)

    def fetch_margin_mode(self, symbol, params={}):
        """fetchMarginMode via GET /api/v1/account."""
        self.load_markets()
        market = self.market(symbol)
        return {"info": {}, "symbol": market["symbol"], "marginMode": "cross"}

    def fetch_positions(self, symbols=None, params={}):
        """fetchPositions via GET /api/v1/position."""
        self.load_markets()
        market = None
        request = {}

        symbols = self.market_symbols(symbols)
        response = self.private_get_api_v1_position(self.extend(request, params))
        positions = (
            [self.parse_position(raw) for raw in response if raw.__class__ is dict]
            if response.__class__ is list
            else []
        )
        return self.filter_by_array_positions(positions, "symbol", symbols)

    def fetch_position(self, symbol, params={}):
        """fetchPosition via GET /api/v1/position."""
        self.load_markets()
        market = self.market(symbol)
        request = {}
        value = market["id"] if market is not None else None
        if value is not None:
            request["symbol"] = value

        try:
            response = self.private_get_api_v1_position(self.extend(request, params))
        except OrderNotFound:  # the exchange's "not found": no open position
            response = []
        if response.__class__ is list and response and response[0].__class__ is dict:
            return self.parse_position(response[0], market)
        return self.parse_position({}, market)

    def fetch_positions_history(self, symbols=None, since=None, limit=None, params={}):
        """fetchPositionsHistory via GET /wapi/v1/history/position (since, offset or paginate: GET /wapi/v1/history/position, paged)."""
        self.load_markets()
        market = None
        request = {}
        value = min_value(limit, 1000)
        if value is not None:
            request["limit"] = value

        until = to_integer(params.get("until"))  # the API has no end time here: filtered below
        params = omit_keys(params, ("until",))
        paginate, params = self.handle_option_and_params(params, "fetchPositionsHistory", "paginate", False)
        # the newest rows first, or with `since` the oldest rows after it
        request.setdefault("sortDirection", "Asc" if since is not None and False else "Desc")
        if since is not None or paginate or "offset" in params:
            rows = self.fetch_offset_pages(
                self.private_get_wapi_v1_history_position,
                request,
                params,
                since,
                limit,
                1000,
                paginate,
                "fetchPositionsHistory",
                self.parse_position,
                False,
            )
        else:
            rows = self.private_get_wapi_v1_history_position(self.extend(request, params))
        items = (
            [self.parse_position(raw, market) for raw in rows if raw.__class__ is dict]
            if rows.__class__ is list
            else []
        )
        items = self.filter_by_array(items, "symbol", self.market_symbols(symbols), False)
        items = filter_since_limit(
            sort_by(items, "timestamp"), "symbol", market["symbol"] if market else None, since, None
        )
        if until is not None:
            items = [item for item in items if item["timestamp"] is None or item["timestamp"] <= until]
        return filter_since_limit(items, None, None, since, limit)

    def fetch_funding_history(self, symbol=None, since=None, limit=None, params={}):
        """fetchFundingHistory via GET /wapi/v1/history/funding (since, offset or paginate: GET /wapi/v1/history/funding, paged)."""
        self.load_markets()
        market = self.market(symbol) if symbol is not None else None
        request = {}
        value = market["id"] if market is not None else None
        if value is not None:
            request["symbol"] = value
        value = min_value(limit, 1000)
        if value is not None:
            request["limit"] = value

        until = to_integer(params.get("until"))  # the API has no end time here: filtered below
        params = omit_keys(params, ("until",))
        paginate, params = self.handle_option_and_params(params, "fetchFundingHistory", "paginate", False)
        # the newest rows first, or with `since` the oldest rows after it
        request.setdefault("sortDirection", "Asc" if since is not None and False else "Desc")
        if since is not None or paginate or "offset" in params:
            rows = self.fetch_offset_pages(
                self.private_get_wapi_v1_history_funding,
                request,
                params,
                since,
                limit,
                1000,
                paginate,
                "fetchFundingHistory",
                self.parse_funding_history,
                False,
            )
        else:
            rows = self.private_get_wapi_v1_history_funding(self.extend(request, params))
        items = (
            [self.parse_funding_history(raw, market) for raw in rows if raw.__class__ is dict]
            if rows.__class__ is list
            else []
        )
        items = filter_since_limit(
            sort_by(items, "timestamp"), "symbol", market["symbol"] if market else None, since, None
        )
        if until is not None:
            items = [item for item in items if item["timestamp"] is None or item["timestamp"] <= until]
        return filter_since_limit(items, None, None, since, limit)

    def fetch_borrow_interest(self, code=None, symbol=None, since=None, limit=None, params={}):
        """fetchBorrowInterest via GET /wapi/v1/history/interest (since, offset or paginate: GET /wapi/v1/history/interest, paged)."""
        self.load_markets()
        currency = self.currency(code) if code is not None else None
        market = self.market(symbol) if symbol is not None else None
        request = {
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
        # the newest rows first, or with `since` the oldest rows after it
        request.setdefault("sortDirection", "Asc" if since is not None and False else "Desc")
        if since is not None or paginate or "offset" in params:
            rows = self.fetch_offset_pages(
                self.private_get_wapi_v1_history_interest,
                request,
                params,
                since,
                limit,
                1000,
                paginate,
                "fetchBorrowInterest",
                self.parse_borrow_interest,
                False,
            )
        else:
            rows = self.private_get_wapi_v1_history_interest(self.extend(request, params))
        items = (
            [self.parse_borrow_interest(raw, market) for raw in rows if raw.__class__ is dict]
            if rows.__class__ is list
            else []
        )
        items = filter_since_limit(
            sort_by(items, "timestamp"), "symbol", market["symbol"] if market else None, since, None
        )
        if until is not None:
            items = [item for item in items if item["timestamp"] is None or item["timestamp"] <= until]
        return filter_since_limit(items, None, None, since, limit)

    def fetch_settlement_history(self, symbol=None, since=None, limit=None, params={}):
        """fetchSettlementHistory via GET /wapi/v1/history/settlement (since, offset or paginate: GET /wapi/v1/history/settlement, paged)."""
        self.load_markets()
        market = self.market(symbol) if symbol is not None else None
        request = {}
        value = min_value(limit, 1000)
        if value is not None:
            request["limit"] = value

        until = to_integer(params.get("until"))  # the API has no end time here: filtered below
        params = omit_keys(params, ("until",))
        paginate, params = self.handle_option_and_params(params, "fetchSettlementHistory", "paginate", False)
        # the newest rows first, or with `since` the oldest rows after it
        request.setdefault("sortDirection", "Asc" if since is not None and False else "Desc")
        if since is not None or paginate or "offset" in params:
            rows = self.fetch_offset_pages(
                self.private_get_wapi_v1_history_settlement,
                request,
                params,
                since,
                limit,
                1000,
                paginate,
                "fetchSettlementHistory",
                self.parse_settlement,
                False,
            )
        else:
            rows = self.private_get_wapi_v1_history_settlement(self.extend(request, params))
        items = (
            [self.parse_settlement(raw, market) for raw in rows if raw.__class__ is dict]
            if rows.__class__ is list
            else []
        )
        items = filter_since_limit(
            sort_by(items, "timestamp"), "symbol", market["symbol"] if market else None, since, None
        )
        if until is not None:
            items = [item for item in items if item["timestamp"] is None or item["timestamp"] <= until]
        return filter_since_limit(items, None, None, since, limit)

    def borrow_cross_margin(self, code, amount, params={}):
        """borrowCrossMargin via POST /api/v1/borrowLend."""
        self.load_markets()
        currency = self.currency(code)
        market = None
        request = {
            "side": "Borrow",
        }
        value = currency["id"] if currency is not None else None
        if value is not None:
            request["symbol"] = value
        value = decimal_text(amount)
        if value is not None:
            request["quantity"] = value

        response = self.private_post_api_v1_borrowlend(self.extend(request, params))
        # the exchange answers with nothing: the structure shows what was asked for
        return {
            "id": None,
            "currency": code,
            "amount": amount,
            "symbol": None,
            "timestamp": None,
            "datetime": None,
            "info": response,
        }

    def repay_cross_margin(self, code, amount, params={}):
        """repayCrossMargin via POST /api/v1/borrowLend."""
        self.load_markets()
        currency = self.currency(code)
        market = None
        request = {
            "side": "Lend",
        }
        value = currency["id"] if currency is not None else None
        if value is not None:
            request["symbol"] = value
        value = decimal_text(amount)
        if value is not None:
            request["quantity"] = value

        response = self.private_post_api_v1_borrowlend(self.extend(request, params))
        # the exchange answers with nothing: the structure shows what was asked for
        return {
            "id": None,
            "currency": code,
            "amount": amount,
            "symbol": None,
            "timestamp": None,
            "datetime": None,
            "info": response,
        }

    def fetch_ledger(self, code=None, since=None, limit=None, params={}):
        """fetchLedger via GET /wapi/v1/capital/deposits."""
        self.load_markets()
        currency = self.currency(code) if code is not None else None
        items = []
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
        rows = self.private_get_wapi_v1_capital_deposits(self.extend(request, omit_keys(params, ("until",))))
        items += (
            [self.parse_ledger_entry_deposit(raw, currency) for raw in rows if raw.__class__ is dict]
            if rows.__class__ is list
            else []
        )
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
        items += (
            [self.parse_ledger_entry_withdrawal(raw, currency) for raw in rows if raw.__class__ is dict]
            if rows.__class__ is list
            else []
        )
        request = {
            "sortDirection": "Desc",
        }
        value = min_value(limit, 1000)
        if value is not None:
            request["limit"] = value
        rows = self.private_get_wapi_v1_history_interest(self.extend(request, omit_keys(params, ("until",))))
        items += (
            [self.parse_ledger_entry_interest(raw, currency) for raw in rows if raw.__class__ is dict]
            if rows.__class__ is list
            else []
        )
        request = {
            "sortDirection": "Desc",
        }
        value = min_value(limit, 1000)
        if value is not None:
            request["limit"] = value
        rows = self.private_get_wapi_v1_history_settlement(self.extend(request, omit_keys(params, ("until",))))
        items += (
            [self.parse_ledger_entry_settlement(raw, currency) for raw in rows if raw.__class__ is dict]
            if rows.__class__ is list
            else []
        )
        return filter_since_limit(sort_by(items, "timestamp"), "currency", code, since, limit)

    def create_market_order_with_cost(self, symbol, side, cost, params={}):
        """ccxt's createMarketOrderWithCost, passing the cost as a cost (ccxt's own passes it as the amount)."""
        return self.create_order(symbol, "market", side, cost, None, self.extend(params, {"cost": cost}))

    def create_market_buy_order_with_cost(self, symbol, cost, params={}):
        """ccxt's createMarketBuyOrderWithCost, passing the cost as a cost (ccxt's own passes it as the amount)."""
        return self.create_order(symbol, "market", "buy", cost, None, self.extend(params, {"cost": cost}))

    def create_market_sell_order_with_cost(self, symbol, cost, params={}):
        """ccxt's createMarketSellOrderWithCost, passing the cost as a cost (ccxt's own passes it as the amount)."""
        return self.create_order(symbol, "market", "sell", cost, None, self.extend(params, {"cost": cost}))

    def fetch_offset_pages(
        self, call, request, params, since, limit, page_max, paginate, method, parse, filtered=False
    ):
        """Rows of an offset-paged endpoint.

        `filtered`: the server itself keeps only rows after `since`, oldest first,
        so pages are read until `limit` rows are in. Otherwise the first page holds
        the newest rows, and with `since` pages are read until one reaches back
        past it. With `paginate`, until `limit` rows (or the last page); with only
        an `offset` in params, that one page. At most options['paginationCalls'] requests.
        """
        offset = to_integer(params.get("offset")) or 0
        params = omit_keys(params, ("offset",))
        walk = (since is not None and not filtered) or paginate
        size = page_max if (walk or limit is None) else min(limit, page_max)
        calls = self.handle_option(method, "paginationCalls", 10) if walk else 1
        rows = []
        for _ in range(max(calls, 1)):
            page = call(self.extend(request, {"limit": size, "offset": offset}, params))
            if page.__class__ is not list or not page:
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
