"""The Backpack adapter as its generated tests see it: its classes, and what spec/backpack
says of its methods; generated from it, do not edit.

adapter_harness.py, the same for every exchange, imports this module and passes on its names
to the tests.
"""

from ccxt_backpack import backpack as SyncExchange
from ccxt_backpack.async_support import backpack as AsyncExchange
from ccxt_backpack.pro import backpack as ProExchange
from ccxt_backpack import structures
from ccxt_backpack.checks import MalformedItem

# the name of the fixture files: static/request/<id>.json, static/response/<id>.json, static/ws/<id>.json
EXCHANGE_ID = "backpack"
# watch method -> (what it resolves with: "one", "dict", "list" or "other"; the structure of its items)
WATCH_METHODS = {
    "watchTicker": ("one", "ticker"),
    "watchTickers": ("dict", "ticker"),
    "watchBidsAsks": ("dict", "ticker"),
    "watchOHLCV": ("list", "ohlcv"),
    "watchOHLCVForSymbols": ("other", "ohlcv"),
    "watchTrades": ("list", "trade"),
    "watchTradesForSymbols": ("list", "trade"),
    "watchOrderBook": ("one", "order_book"),
    "watchOrderBookForSymbols": ("one", "order_book"),
    "watchOrders": ("list", "order"),
    "watchOrdersForSymbols": ("list", "order"),
    "watchMyTrades": ("list", "trade"),
    "watchMyTradesForSymbols": ("list", "trade"),
    "watchPositions": ("list", "position"),
    "watchFundingRate": ("one", "funding_rate"),
    "watchFundingRates": ("dict", "funding_rate"),
    "watchMarkPrice": ("one", "ticker"),
    "watchMarkPrices": ("dict", "ticker"),
    "watchLiquidations": ("list", "liquidation"),
    "watchLiquidationsForSymbols": ("list", "liquidation"),
}

# unified method -> (what it returns: "one" structure, a "dict" of them, a "list" or "other";
# the structure ccxt's validators check its items as), from the spec
METHODS = {
    "fetchStatus": ("one", "status"),
    "fetchTime": ("other", ""),
    "fetchMarkets": ("list", "market"),
    "fetchCurrencies": ("dict", "currency"),
    "fetchTicker": ("one", "ticker"),
    "fetchTickers": ("dict", "ticker"),
    "fetchOrderBook": ("one", "order_book"),
    "fetchTrades": ("list", "trade"),
    "fetchOHLCV": ("list", "ohlcv"),
    "fetchFundingRate": ("one", "funding_rate"),
    "fetchFundingRates": ("dict", "funding_rate"),
    "fetchFundingRateHistory": ("list", "funding_rate_history"),
    "fetchOpenInterest": ("one", "open_interest"),
    "fetchOpenInterests": ("dict", "open_interest"),
    "fetchCrossBorrowRates": ("dict", "borrow_rate"),
    "fetchCrossBorrowRate": ("one", "borrow_rate"),
    "createOrder": ("one", "order"),
    "createOrders": ("list", "order"),
    "cancelOrder": ("one", "order"),
    "cancelOrders": ("list", "order"),
    "cancelAllOrders": ("list", "order"),
    "fetchOpenOrder": ("one", "order"),
    "fetchOrder": ("one", "order"),
    "fetchOpenOrders": ("list", "order"),
    "fetchOrders": ("list", "order"),
    "fetchClosedOrders": ("list", "order"),
    "fetchCanceledOrders": ("list", "order"),
    "fetchMyTrades": ("list", "trade"),
    "fetchOrderTrades": ("list", "trade"),
    "fetchBalance": ("one", "balance"),
    "fetchDeposits": ("list", "transaction"),
    "fetchWithdrawals": ("list", "transaction"),
    "fetchDepositsWithdrawals": ("list", "transaction"),
    "fetchDepositAddress": ("one", "deposit_address"),
    "withdraw": ("one", "transaction"),
    "fetchDepositWithdrawFees": ("dict", "deposit_withdraw_fee"),
    "fetchTradingFees": ("dict", "trading_fee"),
    "fetchLeverage": ("one", "leverage"),
    "setLeverage": ("one", "leverage"),
    "fetchMarginMode": ("one", "margin_mode"),
    "fetchPositions": ("list", "position"),
    "fetchPosition": ("one", "position"),
    "fetchPositionsHistory": ("list", "position"),
    "fetchFundingHistory": ("list", "funding_history"),
    "fetchBorrowInterest": ("list", "borrow_interest"),
    "fetchSettlementHistory": ("list", "settlement"),
    "borrowCrossMargin": ("one", "margin_loan"),
    "repayCrossMargin": ("one", "margin_loan"),
    "fetchLedger": ("list", "ledger_entry"),
    "fetchConvertQuote": ("other", "conversion"),
    "createConvertTrade": ("other", "conversion"),
}
# method -> (the fast parser of its list's rows, the per-row parser it must agree with)
FAST_PATHS = {
    "fetchTrades": ("parse_trade_public_rows", "parse_trade"),
    "fetchOHLCV": ("parse_ohlcv_rows", "parse_ohlcv"),
    "fetchOpenOrders": ("parse_order_rows", "parse_order_reference"),
    "fetchOrders": ("parse_order_rows", "parse_order_reference"),
    "fetchMyTrades": ("parse_trade_fill_rows", "parse_trade"),
    "fetchOrderTrades": ("parse_trade_fill_rows", "parse_trade"),
}
# method -> (the parser of one item with a fast path, the reference it must agree with)
ITEM_FAST_PATHS = {
    "fetchTicker": ("parse_ticker", "parse_ticker_reference"),
    "fetchTickers": ("parse_ticker", "parse_ticker_reference"),
    "createOrder": ("parse_order", "parse_order_reference"),
    "createOrders": ("parse_order", "parse_order_reference"),
    "cancelOrder": ("parse_order", "parse_order_reference"),
    "cancelOrders": ("parse_order", "parse_order_reference"),
    "cancelAllOrders": ("parse_order", "parse_order_reference"),
    "fetchOpenOrder": ("parse_order", "parse_order_reference"),
    "fetchOrder": ("parse_order", "parse_order_reference"),
    "fetchOpenOrders": ("parse_order", "parse_order_reference"),
    "fetchOrders": ("parse_order", "parse_order_reference"),
}
# balance shape -> (its parser with a fast path, the per-row parser it must agree with, the field
# of its list of rows: None when the answer maps currency ids to rows)
BALANCE_PATHS = {
    "spot": ("parse_balance_spot", "balance_row_spot", None),
    "collateral": ("parse_balance_collateral", "balance_row_collateral", "collateral"),
}

# the headers of a signed request (None: the spec has no signing)
SIGNATURE_HEADER = "X-Signature"
TIMESTAMP_HEADER = "X-Timestamp"
WINDOW_HEADER = "X-Window"
