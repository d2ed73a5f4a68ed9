"""Signed endpoints: account, capital, orders, positions, borrow/lend, RFQ and history."""

from __future__ import annotations

from decimal import Decimal

from .decimals import ZERO, fmt, iso_ms, parse_decimal
from .errors import ApiError, bad_request, not_found
from .jsonutil import dumps
from .markets import PERP_MAKER_FEE, PERP_TAKER_FEE, SPOT_MAKER_FEE, SPOT_TAKER_FEE
from .order_input import SIDES, parse_client_id
from .rest_core import (
    bool_param,
    decimal_param,
    empty_response,
    enum_param,
    json_response,
    multi_enum_param,
    paginate,
    param,
    time_filter,
)
from .rest_public import MARKET_TYPES
from . import views, wallet

BPS = Decimal(10_000)
FILL_TYPES = (
    "User",
    "BookLiquidation",
    "Adl",
    "Backstop",
    "Liquidation",
    "AllLiquidation",
    "CollateralConversion",
    "CollateralConversionAndSpotLiquidation",
)


class PrivateApi:
    def __init__(self, simulator):
        self.sim = simulator
        self.engine = simulator.engine

    def routes(self):
        return [
            ("GET", "/api/v1/account", self.account),
            ("PATCH", "/api/v1/account", self.update_account),
            ("POST", "/api/v1/account/convertDust", self.convert_dust),
            ("GET", "/api/v1/account/limits/borrow", self.limit_borrow),
            ("GET", "/api/v1/account/limits/order", self.limit_order),
            ("GET", "/api/v1/account/limits/withdrawal", self.limit_withdrawal),
            ("GET", "/api/v1/capital", self.capital),
            ("GET", "/api/v1/capital/collateral", self.capital_collateral),
            ("GET", "/wapi/v1/capital/deposits", self.deposits),
            ("GET", "/wapi/v1/capital/deposit/address", self.deposit_address),
            ("GET", "/wapi/v1/capital/withdrawals", self.withdrawals),
            ("POST", "/wapi/v1/capital/withdrawals", self.withdraw),
            ("GET", "/api/v1/borrowLend/positions", self.borrow_lend_positions),
            ("POST", "/api/v1/borrowLend", self.borrow_lend),
            ("POST", "/api/v1/order", self.place_order),
            ("POST", "/api/v1/orders", self.place_orders),
            ("GET", "/api/v1/order", self.get_order),
            ("GET", "/api/v1/orders", self.get_open_orders),
            ("DELETE", "/api/v1/order", self.cancel_order),
            ("DELETE", "/api/v1/orders", self.cancel_orders),
            ("GET", "/api/v1/position", self.positions),
            ("POST", "/api/v1/rfq", self.rfq_submit),
            ("POST", "/api/v1/rfq/accept", self.rfq_accept),
            ("POST", "/api/v1/rfq/refresh", self.rfq_refresh),
            ("POST", "/api/v1/rfq/cancel", self.rfq_cancel),
            ("POST", "/api/v1/rfq/quote", self.not_implemented),
            ("GET", "/api/v1/rfqs", self.rfq_query),
            ("GET", "/api/v1/strategy", self.strategy_not_found),
            ("POST", "/api/v1/strategy", self.not_implemented),
            ("DELETE", "/api/v1/strategy", self.strategy_not_found),
            ("GET", "/api/v1/strategies", self.empty_list),
            ("DELETE", "/api/v1/strategies", self.empty_list),
            ("GET", "/wapi/v1/history/orders", self.history_orders),
            ("GET", "/wapi/v1/history/fills", self.history_fills),
            ("GET", "/wapi/v1/history/funding", self.history_funding),
            ("GET", "/wapi/v1/history/position", self.history_positions),
            ("GET", "/wapi/v1/history/borrowLend", self.history_borrow_lend),
            ("GET", "/wapi/v1/history/borrowLend/positions", self.history_borrow_lend_positions),
            ("GET", "/wapi/v1/history/rfq", self.history_rfq),
            ("GET", "/wapi/v1/history/rfq/fill", self.history_rfq_fills),
            ("GET", "/wapi/v1/history/interest", self.empty_history),
            ("GET", "/wapi/v1/history/dust", self.empty_history),
            ("GET", "/wapi/v1/history/settlement", self.empty_history),
            ("GET", "/wapi/v1/history/strategies", self.empty_history),
            ("GET", "/wapi/v1/history/quote", self.empty_history),
            ("GET", "/wapi/v1/history/quote/fill", self.empty_history),
        ]

    async def not_implemented(self, ctx):
        raise ApiError("NOT_IMPLEMENTED", "Not implemented by the simulator")

    async def strategy_not_found(self, ctx):
        raise not_found("Strategy not found")

    async def empty_list(self, ctx):
        return []

    async def empty_history(self, ctx):
        page, headers = paginate(ctx, [])
        return json_response(page, headers=headers)

    # ------------------------------------------------------------- account
    async def account(self, ctx):
        account = ctx.account
        settings = account.settings
        open_orders = account.open_orders.values()
        return {
            "autoBorrowSettlements": settings["autoBorrowSettlements"],
            "autoLend": settings["autoLend"],
            "autoRealizePnl": settings["autoRealizePnl"],
            "autoRepayBorrows": settings["autoRepayBorrows"],
            "borrowLimit": "1000000",
            "futuresMakerFee": fmt(PERP_MAKER_FEE * BPS),
            "futuresTakerFee": fmt(PERP_TAKER_FEE * BPS),
            "leverageLimit": fmt(settings["leverageLimit"]),
            "limitOrders": sum(1 for o in open_orders if o.status != "TriggerPending"),
            "liquidating": False,
            "positionLimit": "1000000",
            "spotMakerFee": fmt(SPOT_MAKER_FEE * BPS),
            "spotTakerFee": fmt(SPOT_TAKER_FEE * BPS),
            "triggerOrders": sum(1 for o in open_orders if o.status == "TriggerPending"),
        }

    async def update_account(self, ctx):
        body = ctx.body if isinstance(ctx.body, dict) else {}
        changes = {}
        for flag in ("autoBorrowSettlements", "autoLend", "autoRepayBorrows"):
            if body.get(flag) is not None:
                if not isinstance(body[flag], bool):
                    raise bad_request(f"parse request payload error: `{flag}` must be a boolean")
                changes[flag] = body[flag]
        if body.get("leverageLimit") is not None:
            leverage = parse_decimal(body["leverageLimit"])
            if leverage is None or not 1 <= leverage <= 100:
                raise bad_request("leverageLimit must be a decimal between 1 and 100")
            changes["leverageLimit"] = leverage
        ctx.account.settings.update(changes)
        self.engine.recorder.account_changed(ctx.account)
        return empty_response()

    async def convert_dust(self, ctx):
        return empty_response()

    async def limit_borrow(self, ctx):
        symbol = param(ctx, "symbol", required=True)
        quantity = wallet.max_borrow_quantity(self.engine, ctx.account, symbol)
        return {"maxBorrowQuantity": fmt(quantity), "symbol": symbol}

    async def limit_withdrawal(self, ctx):
        symbol = param(ctx, "symbol", required=True)
        return {
            "maxWithdrawalQuantity": fmt(wallet.max_withdrawal_quantity(ctx.account, symbol)),
            "symbol": symbol,
            "autoBorrow": bool_param(ctx, "autoBorrow"),
            "autoLendRedeem": bool_param(ctx, "autoLendRedeem"),
        }

    async def limit_order(self, ctx):
        symbol = param(ctx, "symbol", required=True)
        side = enum_param(ctx, "side", SIDES, "Side", required=True)
        price = decimal_param(ctx, "price")
        if price is not None and price <= 0:
            raise ApiError("INVALID_PRICE", "Price must be positive")
        reduce_only = bool_param(ctx, "reduceOnly")
        quantity = wallet.max_order_quantity(self.engine, ctx.account, symbol, side, price, bool(reduce_only))
        return {
            "maxOrderQuantity": fmt(quantity),
            "symbol": symbol,
            "side": side,
            "price": param(ctx, "price"),
            "reduceOnly": reduce_only,
            "autoBorrow": bool_param(ctx, "autoBorrow"),
            "autoBorrowRepay": bool_param(ctx, "autoBorrowRepay"),
            "autoLendRedeem": bool_param(ctx, "autoLendRedeem"),
        }

    # ------------------------------------------------------------- capital
    async def capital(self, ctx):
        return views.balances_json(ctx.account)

    async def capital_collateral(self, ctx):
        return views.collateral_json(self.engine, ctx.account)

    async def deposits(self, ctx):
        rows = time_filter(ctx, ctx.account.deposits, lambda r: r["createdAt"])
        page, headers = paginate(ctx, rows, sortable=False)
        return json_response([views.deposit_json(r) for r in page], headers=headers)

    async def deposit_address(self, ctx):
        blockchain = param(ctx, "blockchain", required=True)
        return {"address": wallet.served_deposit_address(ctx.account, blockchain)}

    async def withdrawals(self, ctx):
        rows = time_filter(ctx, ctx.account.withdrawals, lambda r: r["createdAt"])
        withdrawal_id = param(ctx, "id")
        if withdrawal_id is not None:
            rows = [r for r in rows if str(r["id"]) == str(withdrawal_id)]
        client_id = param(ctx, "clientId")
        if client_id is not None:
            rows = [r for r in rows if r["clientId"] == str(client_id)]
        page, headers = paginate(ctx, rows, sortable=False)
        return json_response([views.withdrawal_json(r) for r in page], headers=headers)

    async def withdraw(self, ctx):
        body = ctx.body if isinstance(ctx.body, dict) else {}
        return views.withdrawal_json(wallet.request_withdrawal(self.engine, ctx.account, body))

    async def borrow_lend_positions(self, ctx):
        rows = []
        for asset, quantity in sorted(ctx.account.lend.items()):
            price = self.engine.asset_price(asset)
            rows.append(
                {
                    "cumulativeInterest": "0",
                    "id": f"{ctx.account.user_id}{asset}",
                    "imf": "0.02",
                    "imfFunction": {"type": "sqrt", "base": "0.02", "factor": "0.00006"},
                    "netQuantity": fmt(quantity),
                    "markPrice": fmt(price),
                    "mmf": "0.0125",
                    "mmfFunction": {"type": "sqrt", "base": "0.0125", "factor": "0.000036"},
                    "netExposureQuantity": fmt(abs(quantity)),
                    "netExposureNotional": fmt(abs(quantity) * price),
                    "symbol": asset,
                    "estLiquidationPrice": "0",
                }
            )
        return rows

    async def borrow_lend(self, ctx):
        wallet.borrow_lend(self.engine, ctx.account, ctx.body if isinstance(ctx.body, dict) else {})
        return empty_response()

    # -------------------------------------------------------------- orders
    async def place_order(self, ctx):
        if isinstance(ctx.body, list):
            raise bad_request(f'Expected input type "OrderExecutePayload", found {dumps(ctx.body)[:200]}')
        return views.order_json(self.engine.place_order(ctx.account, ctx.body or {}))

    async def place_orders(self, ctx):
        if not isinstance(ctx.body, list):
            raise bad_request('Expected input type "Array<OrderExecutePayload>"')
        results = []
        for payload in ctx.body:
            try:
                results.append(views.batch_ok(self.engine.place_order(ctx.account, payload)))
            except ApiError as error:
                results.append(views.batch_err(error.code, error.message))
        return results

    def _order_ids(self, ctx):
        symbol = param(ctx, "symbol", required=True)
        client_id = param(ctx, "clientId")
        return symbol, param(ctx, "orderId"), None if client_id is None else parse_client_id(client_id)

    async def get_order(self, ctx):
        symbol, order_id, client_id = self._order_ids(ctx)
        return views.order_json(self.engine.find_open_order(ctx.account, symbol, order_id, client_id))

    async def get_open_orders(self, ctx):
        market_type = enum_param(ctx, "marketType", MARKET_TYPES, "MarketType")
        orders = self.engine.open_orders(ctx.account, param(ctx, "symbol"), market_type)
        return [views.order_json(o) for o in orders]

    async def cancel_order(self, ctx):
        symbol, order_id, client_id = self._order_ids(ctx)
        return views.order_json(self.engine.cancel_order(ctx.account, symbol, order_id, client_id))

    async def cancel_orders(self, ctx):
        symbol = param(ctx, "symbol", required=True)
        order_type = enum_param(ctx, "orderType", ("RestingLimitOrder", "ConditionalOrder"), "CancelOrderTypeEnum")
        return [views.order_json(o) for o in self.engine.cancel_all(ctx.account, symbol, order_type)]

    # ----------------------------------------------------------- positions
    async def positions(self, ctx):
        symbol = param(ctx, "symbol")
        market_type = enum_param(ctx, "marketType", MARKET_TYPES, "MarketType")
        if symbol:
            self.engine.market(symbol)
        rows = []
        for position_symbol, position in sorted(ctx.account.positions.items()):
            market = self.engine.markets[position_symbol]
            if (symbol and position_symbol != symbol) or (market_type and market.spec.market_type != market_type):
                continue
            rows.append(views.position_json(self.engine, ctx.account, market, position))
        if symbol and not rows:
            raise not_found("Position not found")
        return rows

    # ----------------------------------------------------------------- RFQ
    async def rfq_submit(self, ctx):
        return self.sim.rfq.submit(ctx.account, ctx.body or {}).to_json()

    async def rfq_accept(self, ctx):
        return self.sim.rfq.accept(ctx.account, ctx.body or {}).to_json()

    async def rfq_refresh(self, ctx):
        return self.sim.rfq.refresh(ctx.account, ctx.body or {}).to_json()

    async def rfq_cancel(self, ctx):
        return self.sim.rfq.cancel(ctx.account, ctx.body or {}).to_json()

    async def rfq_query(self, ctx):
        return self.sim.rfq.query(ctx.account, param(ctx, "symbol"), param(ctx, "rfqId"))

    # ------------------------------------------------------------- history
    def _market_type_filter(self, ctx):
        types = multi_enum_param(ctx, "marketType", MARKET_TYPES, "MarketType")
        return (lambda symbol: self.engine.markets[symbol].spec.market_type in types) if types else None

    async def history_orders(self, ctx):
        orders = ctx.account.orders
        symbol, order_id = param(ctx, "symbol"), param(ctx, "orderId")
        by_type = self._market_type_filter(ctx)
        if symbol or order_id or by_type:
            orders = [
                o
                for o in orders
                if (not symbol or o.symbol == symbol)
                and (not order_id or str(o.id) == str(order_id))
                and (not by_type or by_type(o.symbol))
            ]
        page, headers = paginate(ctx, orders)
        return json_response([views.order_history_json(o) for o in page], headers=headers)

    async def history_fills(self, ctx):
        fills = time_filter(ctx, ctx.account.fills, lambda f: f["timestamp"])
        symbol, order_id = param(ctx, "symbol"), param(ctx, "orderId")
        fill_type = enum_param(ctx, "fillType", FILL_TYPES, "FillType")
        by_type = self._market_type_filter(ctx)
        if fill_type not in (None, "User"):
            fills = []  # the simulator has no liquidations or conversions
        if symbol or order_id or by_type:
            fills = [
                f
                for f in fills
                if (not symbol or f["symbol"] == symbol)
                and (not order_id or str(f["orderId"]) == str(order_id))
                and (not by_type or by_type(f["symbol"]))
            ]
        page, headers = paginate(ctx, fills)
        return json_response([views.fill_json(f) for f in page], headers=headers)

    async def history_funding(self, ctx):
        rows = ctx.account.funding_payments
        symbol = param(ctx, "symbol")
        if symbol:
            rows = [r for r in rows if r["symbol"] == symbol]
        page, headers = paginate(ctx, rows)
        return json_response([views.funding_payment_json(r) for r in page], headers=headers)

    async def history_positions(self, ctx):
        account = ctx.account
        positions = sorted(account.closed_positions + list(account.positions.values()), key=lambda p: p.opened_at)
        symbol = param(ctx, "symbol")
        state = enum_param(ctx, "state", ("Open", "Closed"), "PositionState")
        by_type = self._market_type_filter(ctx)
        positions = [
            p
            for p in positions
            if (not symbol or p.symbol == symbol)
            and (not state or (state == "Open") == p.is_open)
            and (not by_type or by_type(p.symbol))
        ]
        page, headers = paginate(ctx, positions)
        return json_response([views.position_history_json(self.engine, account, p) for p in page], headers=headers)

    async def history_borrow_lend(self, ctx):
        rows = ctx.account.borrow_lend_events
        symbol = param(ctx, "symbol")
        event_type = enum_param(ctx, "type", ("Borrow", "BorrowRepay", "Lend", "LendRedeem"), "BorrowLendEventType")
        rows = [
            r
            for r in rows
            if (not symbol or r["symbol"] == symbol) and (not event_type or r["eventType"] == event_type)
        ]
        page, headers = paginate(ctx, rows)
        return json_response(
            [
                {
                    **r,
                    "quantity": fmt(r["quantity"]),
                    "positionQuantity": fmt(r["positionQuantity"]),
                    "timestamp": iso_ms(r["timestamp"]),
                }
                for r in page
            ],
            headers=headers,
        )

    async def history_borrow_lend_positions(self, ctx):
        account = ctx.account
        opened_at = _lend_positions_opened_at(account)
        rows = [
            {
                "positionId": f"{account.user_id}{asset}",
                "quantity": fmt(abs(q)),
                "symbol": asset,
                "source": "Manual",
                "cumulativeInterest": "0",
                "avgInterestRate": "0.03" if q > 0 else "0.05",
                "side": "Lend" if q > 0 else "Borrow",
                "createdAt": iso_ms(opened_at.get(asset, 0)),
            }
            for asset, q in sorted(account.lend.items())
            if q != ZERO
        ]
        page, headers = paginate(ctx, rows)
        return json_response(page, headers=headers)

    async def history_rfq(self, ctx):
        rfqs = self.sim.rfq.history(ctx.account)
        symbol = param(ctx, "symbol")
        rfqs = [r for r in rfqs if not symbol or r.symbol == symbol]
        page, headers = paginate(ctx, rfqs)
        return json_response([r.to_json(historical=True) for r in page], headers=headers)

    async def history_rfq_fills(self, ctx):
        rows = self.sim.rfq.fill_rows(ctx.account)
        page, headers = paginate(ctx, rows)
        return json_response([{k: v for k, v in r.items() if k != "_time"} for r in page], headers=headers)


def _lend_positions_opened_at(account) -> dict[str, int]:
    """When each current borrow/lend position last went from zero to non-zero."""
    opened_at, net = {}, {}
    for event in account.borrow_lend_events:
        asset = event["symbol"]
        if not net.get(asset):
            opened_at[asset] = event["timestamp"]
        net[asset] = event["positionQuantity"]
    return opened_at
