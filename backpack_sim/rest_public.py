"""Public market-data endpoints (reference §4.1-§4.5)."""

from __future__ import annotations

from decimal import Decimal

from .decimals import fmt, fmt_fixed, iso_ms, now_ms, now_us
from .errors import ApiError
from .market_data import KLINE_SECONDS
from .markets import ASSETS, blockchains
from .rest_core import Ctx, empty_response, enum_param, int_param, json_response, multi_enum_param, paginate, param, text_response
from .wallet import deposit_address

MARKET_TYPES = ("SPOT", "PERP", "IPERP", "DATED", "PREDICTION", "RFQ")
DEPTH_LIMITS = ("5", "10", "20", "50", "100", "500", "1000")
TICKER_WINDOWS_MS = {"1d": 86_400_000, "1w": 604_800_000}


class PublicApi:
    def __init__(self, simulator):
        self.sim = simulator
        self.engine = simulator.engine

    def routes(self):
        return [
            ("GET", "/api/v1/status", self.status),
            ("GET", "/api/v1/ping", self.ping),
            ("GET", "/api/v1/time", self.time),
            ("GET", "/api/v1/wallets", self.wallets),
            ("GET", "/api/v1/assets", self.assets),
            ("GET", "/api/v1/collateral", self.collateral),
            ("GET", "/api/v1/markets", self.markets),
            ("GET", "/api/v1/market", self.market),
            ("GET", "/api/v1/ticker", self.ticker),
            ("GET", "/api/v1/tickers", self.tickers),
            ("GET", "/api/v1/depth", self.depth),
            ("GET", "/api/v1/klines", self.klines),
            ("GET", "/api/v1/markPrices", self.mark_prices),
            ("GET", "/api/v1/openInterest", self.open_interest),
            ("GET", "/api/v1/fundingRates", self.funding_rates),
            ("GET", "/api/v1/trades", self.trades),
            ("GET", "/api/v1/trades/history", self.trades_history),
            ("GET", "/api/v1/borrowLend/markets", self.borrow_lend_markets),
            ("GET", "/api/v1/borrowLend/markets/history", self.borrow_lend_history),
            ("GET", "/api/v1/prediction", self.empty_paged),
            ("GET", "/api/v1/prediction/tags", self.empty_list),
            ("GET", "/api/v1/market-sessions", self.empty_list),
            ("GET", "/api/v1/securities", self.empty_list),
            ("GET", "/api/v1/vaults", self.empty_list),
        ]

    def _market(self, ctx: Ctx):
        return self.engine.market(param(ctx, "symbol", required=True))

    # ------------------------------------------------------------- system
    async def status(self, ctx):
        return {"status": "Ok", "message": None}

    async def ping(self, ctx):
        return text_response("pong")

    async def time(self, ctx):
        return text_response(str(now_ms()))

    async def wallets(self, ctx):
        return [
            {"blockchain": chain, "address": deposit_address(self.engine.accounts["__market_maker__"], chain)}
            for chain in blockchains()
        ]

    async def empty_list(self, ctx):
        return []

    async def empty_paged(self, ctx):
        rows, headers = paginate(ctx, [], sortable=False)
        return json_response(rows, headers=headers)

    # ------------------------------------------------------------- assets
    async def assets(self, ctx):
        return [
            {
                "symbol": a.symbol,
                "displayName": a.display_name,
                "coingeckoId": a.coingecko_id,
                "tokens": [
                    {
                        "displayName": a.display_name,
                        "blockchain": t.blockchain,
                        "contractAddress": t.contract_address,
                        "depositEnabled": t.deposit_enabled,
                        "minimumDeposit": fmt(t.minimum_deposit),
                        "withdrawEnabled": t.withdraw_enabled,
                        "minimumWithdrawal": fmt(t.minimum_withdrawal),
                        "maximumWithdrawal": None if t.maximum_withdrawal is None else fmt(t.maximum_withdrawal),
                        "withdrawalFee": fmt(t.withdrawal_fee),
                        "nativeDecimals": t.native_decimals,
                    }
                    for t in a.tokens
                ],
            }
            for a in ASSETS.values()
        ]

    async def collateral(self, ctx):
        rows = []
        for asset in ASSETS.values():
            rows.append(
                {
                    "symbol": asset.symbol,
                    "imfFunction": {"type": "sqrt", "base": "0.02", "factor": "0.00006"},
                    "mmfFunction": {"type": "sqrt", "base": "0.0125", "factor": "0.000036"},
                    "haircutFunction": {"weight": fmt(asset.collateral_weight), "kind": {"type": "identity"}},
                }
            )
        return rows

    # ------------------------------------------------------------ markets
    async def markets(self, ctx):
        wanted = multi_enum_param(ctx, "marketType", MARKET_TYPES, "MarketType") or ["SPOT", "PERP"]
        return [m.spec.to_json() for m in self.engine.markets.values() if m.spec.market_type in wanted]

    async def market(self, ctx):
        return self._market(ctx).spec.to_json()

    async def ticker(self, ctx):
        market = self._market(ctx)
        window = TICKER_WINDOWS_MS[enum_param(ctx, "interval", TICKER_WINDOWS_MS, "TickerInterval", "1d")]
        if is_empty(market):  # the API answers 204 for an empty market (backpack-api.md §3)
            return empty_response(204)
        return market.data.ticker(market.spec.symbol, now_ms(), window, market.last_price)

    async def tickers(self, ctx):
        window = TICKER_WINDOWS_MS[enum_param(ctx, "interval", TICKER_WINDOWS_MS, "TickerInterval", "1d")]
        now = now_ms()
        return [m.data.ticker(s, now, window, m.last_price) for s, m in self.engine.markets.items()]

    async def depth(self, ctx):
        market = self._market(ctx)
        limit = int(enum_param(ctx, "limit", DEPTH_LIMITS, "DepthLimit", "1000"))
        spec = market.spec

        def levels(side):
            best = side.sorted_levels(limit, best_first=True)
            return [
                [fmt_fixed(lv.price, spec.tick_size), fmt_fixed(lv.quantity, spec.step_size)]
                for lv in sorted(best, key=lambda lv: lv.price)
            ]

        return {
            "asks": levels(market.book.asks),
            "bids": levels(market.book.bids),
            "lastUpdateId": str(market.book.update_id),
            "timestamp": now_us(),
        }

    async def klines(self, ctx):
        market = self._market(ctx)
        interval = enum_param(ctx, "interval", KLINE_SECONDS, "KlineInterval", required=True)
        start = int_param(ctx, "startTime", required=True, type_name="i64")
        end = int_param(ctx, "endTime", now_ms() // 1000 + 1, type_name="i64")
        price_type = enum_param(ctx, "priceType", ("Last", "Index", "Mark"), "KlinePriceType", "Last")
        if end < start:
            raise ApiError("INVALID_RANGE", "endTime must not be before startTime")
        return market.data.kline_rows(interval, start, end, price_type)

    async def mark_prices(self, ctx):
        symbol = param(ctx, "symbol")
        market_type = enum_param(ctx, "marketType", MARKET_TYPES, "MarketType", "PERP")
        if symbol:
            markets = [self.engine.market(symbol)]
        else:
            markets = [m for m in self.engine.markets.values() if m.spec.market_type == market_type]
        rows = []
        for market in markets:
            row = {"symbol": market.spec.symbol, "markPrice": fmt(market.mark_price)}
            if market.spec.has_funding:
                row.update(
                    {
                        "fundingRate": fmt(market.funding_rate),
                        "indexPrice": fmt(market.index_price),
                        "nextFundingTimestamp": market.next_funding_ms,
                    }
                )
            rows.append(row)
        return rows

    async def open_interest(self, ctx):
        symbol = param(ctx, "symbol")
        markets = (
            [self.engine.market(symbol)] if symbol else [m for m in self.engine.markets.values() if m.spec.has_funding]
        )
        now = now_ms()
        return [{"symbol": m.spec.symbol, "openInterest": fmt(m.open_interest), "timestamp": now} for m in markets]

    async def funding_rates(self, ctx):
        market = self._market(ctx)
        rows = [
            {"symbol": market.spec.symbol, "intervalEndTimestamp": iso_ms(ms)[:19], "fundingRate": fmt(rate)}
            for ms, rate in market.funding_history
        ]
        page, headers = paginate(ctx, rows, max_limit=10000, sortable=False)
        return json_response(page, headers=headers)

    # ------------------------------------------------------------- trades
    async def trades(self, ctx):
        market = self._market(ctx)
        limit = min(int_param(ctx, "limit", 100, minimum=1, type_name="u16"), 1000)
        return [t.to_json() for t in reversed(market.data.trades[-limit:])]

    async def trades_history(self, ctx):
        market = self._market(ctx)
        limit = min(int_param(ctx, "limit", 100, minimum=1), 1000)
        offset = int_param(ctx, "offset", 0)
        trades = market.data.trades
        end = len(trades) - offset
        return [t.to_json() for t in reversed(trades[max(end - limit, 0) : max(end, 0)])]

    # -------------------------------------------------------- borrow/lend
    async def borrow_lend_markets(self, ctx):
        borrowed, lent = self._borrow_lend_totals()
        rows = []
        for asset in ASSETS.values():
            b, l = borrowed.get(asset.symbol, Decimal(0)), lent.get(asset.symbol, Decimal(0))
            supply = l + Decimal(1_000_000) / max(self.engine.asset_price(asset.symbol), Decimal(1))
            utilization = (b / supply).quantize(Decimal("0.000001"))
            rows.append(
                {
                    "state": "Open",
                    "assetMarkPrice": fmt(self.engine.asset_price(asset.symbol)),
                    "borrowInterestRate": "0.05",
                    "borrowedQuantity": fmt(b),
                    "fee": "0",
                    "lendInterestRate": "0.03",
                    "lentQuantity": fmt(l),
                    "maxUtilization": "0.9",
                    "openBorrowLendLimit": "1000000",
                    "optimalUtilization": "0.8",
                    "symbol": asset.symbol,
                    "timestamp": iso_ms(now_ms()),
                    "throttleUtilizationThreshold": "0.85",
                    "throttleUtilizationBound": "0.9",
                    "throttleUpdateFraction": "0.1",
                    "utilization": fmt(utilization),
                    "stepSize": fmt(asset.step),
                }
            )
        return rows

    def _borrow_lend_totals(self):
        borrowed, lent = {}, {}
        for account in self.engine.accounts.values():
            for asset, quantity in account.lend.items():
                bucket = lent if quantity > 0 else borrowed
                bucket[asset] = bucket.get(asset, Decimal(0)) + abs(quantity)
        return borrowed, lent

    async def borrow_lend_history(self, ctx):
        enum_param(ctx, "interval", ("1d", "1w", "1month", "1year"), "BorrowLendMarketHistoryInterval", required=True)
        symbol = param(ctx, "symbol")
        if symbol is not None and symbol not in ASSETS:
            raise ApiError("INVALID_ASSET", f"Invalid asset: {symbol}")
        now = now_ms() // 3_600_000 * 3_600_000
        return [
            {
                "borrowInterestRate": "0.05",
                "lendInterestRate": "0.03",
                "borrowedQuantity": "0",
                "lentQuantity": "0",
                "utilization": "0",
                "timestamp": iso_ms(now - h * 3_600_000),
            }
            for h in range(24)
        ]


def is_empty(market) -> bool:
    """Nothing in the market: it never traded and no order rests on its book."""
    return not market.data.trades and not market.book.bids.levels and not market.book.asks.levels
