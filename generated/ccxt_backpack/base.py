"""Backpack: describe(), request signing, error mapping and response parsers.

Shared by the sync and the async class. Generated from spec/backpack; do not edit.
"""

import base64
import binascii
from decimal import Decimal, ROUND_DOWN, ROUND_HALF_UP
from itertools import chain
from operator import itemgetter
from typing import Any, Callable
from urllib.parse import urlsplit

from nacl.bindings import crypto_sign
from nacl.signing import SigningKey

from ccxt.base.decimal_to_precision import TICK_SIZE
from ccxt.base.types import (
    Balances,
    Bool,
    BorrowInterest,
    CrossBorrowRate,
    Currency,
    CurrencyInterface,
    DepositAddress,
    FundingHistory,
    FundingRate,
    FundingRateHistory,
    Int,
    LedgerEntry,
    Leverage,
    Market,
    Num,
    OpenInterest,
    Order,
    OrderBook,
    OrderSide,
    OrderType,
    Position,
    Status,
    Str,
    Ticker,
    Trade,
    Transaction,
)
from ccxt.base.errors import (
    AccountSuspended,
    ArgumentsRequired,
    AuthenticationError,
    BadRequest,
    BadSymbol,
    DDoSProtection,
    ExchangeError,
    ExchangeNotAvailable,
    InsufficientFunds,
    InvalidNonce,
    InvalidOrder,
    MarketClosed,
    NotSupported,
    OnMaintenance,
    OperationRejected,
    OrderNotFound,
    PermissionDenied,
    RateLimitExceeded,
    RequestTimeout,
    RestrictedLocation,
)

from .runtime import (
    AnswerWithoutBody,
    EXACT,
    EXPONENT_LIMIT,
    MaskingLogger,
    NO_BODY,
    NUMBER_LIMIT,
    TICK_RANGE,
    TIME_LIMIT,
    TypedAnswer,
    Unfit,
    abs_text,
    average_places,
    balance_numbers,
    bounded_decimal,
    cut_mean,
    cut_quotient,
    date_in_text,
    decimal_of,
    decimal_sum,
    decimals_of,
    decimals_to_tick,
    decode_json,
    dig,
    filled_numbers,
    filter_by_limit,
    filter_since_limit,
    finish_order,
    finish_position,
    finish_ticker,
    first_nonzero,
    gc_paused,
    iso8601,
    lookup,
    mask_headers,
    ms_time,
    ms_to_duration,
    nonzero_text,
    option_integer,
    or_default,
    order_flags,
    parse_iso,
    parse_time,
    plain_zero,
    read_trade_cost,
    reciprocal,
    scaled_text,
    sign_of,
    sort_by,
    sort_by_2,
    tick_text,
    to_bool,
    to_integer,
    to_number,
    to_string,
    trade_cost,
    us_to_ms,
)
from .checks import ChecksMixin, MalformedItem, malformed, preview
from .encoding import drop_none, encode_query, non_finite_key, plain_query, render_value
from .handwritten.convert import Mixin as ConvertMixin

# Exchange value -> unified value.
STATUS_MARKET_ACTIVE = {"Open": True, "LimitOnly": True, "PostOnly": True, "CancelOnly": False, "Closed": False}
TRADE_PUBLIC_SIDE = {True: "sell", False: "buy"}
STATUS_SIDE = {"Bid": "buy", "Ask": "sell"}
TRADE_FILL_TAKER_OR_MAKER = {True: "maker", False: "taker"}
STATUS_SYSTEM = {"Ok": "ok", "Maintenance": "maintenance"}
STATUS_ORDER = {
    "New": "open",
    "PartiallyFilled": "open",
    "TriggerPending": "open",
    "Filled": "closed",
    "Cancelled": "canceled",
    "Expired": "canceled",
    "TriggerFailed": "rejected",
}
STATUS_ORDER_TYPE = {"Limit": "limit", "Market": "market", "LIMIT": "limit", "MARKET": "market"}
STATUS_DEPOSIT = {
    "initiated": "pending",
    "pending": "pending",
    "ownershipVerificationRequired": "pending",
    "senderVerificationRequired": "pending",
    "senderVerificationCompleted": "pending",
    "confirmed": "ok",
    "cancelled": "canceled",
    "declined": "failed",
    "expired": "failed",
    "refunded": "failed",
}
TRANSACTION_DEPOSIT_INTERNAL = {"internal": True}
STATUS_WITHDRAWAL = {
    "pending": "pending",
    "verifying": "pending",
    "ownershipVerificationRequired": "pending",
    "recipientInformationRequired": "pending",
    "recipientInformationProvided": "pending",
    "confirmed": "ok",
    "void": "canceled",
}
STATUS_SETTLEMENT_LEDGER_TYPE = {
    "TradingFees": "fee",
    "TradingFeesSystem": "fee",
    "FundingPayment": "fee",
    "CulledBorrowInterest": "margin",
    "RealizePnl": "trade",
    "CulledRealizePnlAuto": "trade",
    "CulledRealizePnlBookUtilisation": "trade",
    "CulledRealizePnlAccountThreshold": "trade",
    "CulledRealizePnlSystemThreshold": "trade",
    "BackstopProviderLiquidation": "trade",
    "BackstopAdlLiquidation": "trade",
    "BackstopLiquidityFundProceeds": "trade",
    "SystemLiabilityTransfer": "transfer",
}
FETCH_OHLCV_PRICE_TYPE = {"last": "Last", "mark": "Mark", "index": "Index"}
ORDER_SIDE = {"buy": "Bid", "sell": "Ask"}
ORDER_TYPE = {"limit": "Limit", "market": "Market"}
ORDER_TRIGGER_PRICE_TYPE = {"mark": "MarkPrice", "last": "LastPrice", "index": "IndexPrice"}
ORDER_TIME_IN_FORCE = {"GTC": "GTC", "IOC": "IOC", "FOK": "FOK"}
ORDER_SELF_TRADE_PREVENTION = {
    "EXPIRE_TAKER": "RejectTaker",
    "EXPIRE_MAKER": "RejectMaker",
    "EXPIRE_BOTH": "RejectBoth",
}
ORDER_TAKE_PROFIT_TRIGGER_PRICE_TYPE = {"mark": "MarkPrice", "last": "LastPrice", "index": "IndexPrice"}
ORDER_STOP_LOSS_TRIGGER_PRICE_TYPE = {"mark": "MarkPrice", "last": "LastPrice", "index": "IndexPrice"}
TRADE_TRADE_SIDE = {True: "sell", False: "buy"}

# --- the signing string and key (ed25519-instruction) ------------------------------


def signing_group(instruction: str, params: dict) -> str:
    """instruction=<instruction>&k1=v1&k2=v2... with the keys sorted."""
    parts = ["instruction=" + instruction]
    for key in sorted(params):
        value = params[key]
        if value.__class__ is str:
            parts.append(key + "=" + value)
            continue
        for item in value if value.__class__ is list else (value,):
            parts.append(key + "=" + render_value(item))
    return "&".join(parts)


def signing_payload(instruction: str, params: Any) -> str:
    """The signed text before timestamp and window; a list body signs one group per item."""
    if params.__class__ is list:
        return "&".join(signing_group(instruction, item) for item in params)
    return signing_group(instruction, params)


def decode_signing_key(exchange_id: str, secret: str) -> SigningKey:
    """The ED25519 signing key of a base64 secret: a 32-byte seed, or seed + public key."""
    try:
        raw = base64.b64decode(secret, validate=True)
    except (binascii.Error, ValueError, TypeError):
        raise AuthenticationError(
            exchange_id + " secret is not valid base64: expected the base64 of a 32-byte ED25519 seed"
        ) from None
    accepted = [32, 64]
    if len(raw) not in accepted:
        raise AuthenticationError(
            f"{exchange_id} secret decodes to {len(raw)} bytes: expected "
            + " or ".join(map(str, accepted))
            + " (the ED25519 seed, optionally followed by its public key)"
        )
    key = SigningKey(raw[:32])
    if len(raw) > 32 and bytes(key.verify_key) != raw[32:]:
        raise AuthenticationError(exchange_id + " secret is a seed followed by a public key that does not belong to it")
    return key


# (METHOD, path) -> the instruction that signs it.
INSTRUCTIONS = {
    ("GET", "api/v1/account"): "accountQuery",
    ("PATCH", "api/v1/account"): "accountUpdate",
    ("POST", "api/v1/account/convertDust"): "convertDust",
    ("GET", "api/v1/account/limits/borrow"): "maxBorrowQuantity",
    ("GET", "api/v1/account/limits/order"): "maxOrderQuantity",
    ("GET", "api/v1/account/limits/withdrawal"): "maxWithdrawalQuantity",
    ("POST", "api/v1/borrowLend"): "borrowLendExecute",
    ("GET", "api/v1/borrowLend/positions"): "borrowLendPositionQuery",
    ("GET", "api/v1/capital"): "balanceQuery",
    ("GET", "api/v1/capital/collateral"): "collateralQuery",
    ("DELETE", "api/v1/order"): "orderCancel",
    ("GET", "api/v1/order"): "orderQuery",
    ("POST", "api/v1/order"): "orderExecute",
    ("DELETE", "api/v1/orders"): "orderCancelAll",
    ("GET", "api/v1/orders"): "orderQueryAll",
    ("POST", "api/v1/orders"): "orderExecute",
    ("GET", "api/v1/position"): "positionQuery",
    ("POST", "api/v1/rfq"): "rfqSubmit",
    ("POST", "api/v1/rfq/accept"): "quoteAccept",
    ("POST", "api/v1/rfq/cancel"): "rfqCancel",
    ("POST", "api/v1/rfq/quote"): "quoteSubmit",
    ("POST", "api/v1/rfq/refresh"): "rfqRefresh",
    ("GET", "api/v1/rfqs"): "rfqQuery",
    ("DELETE", "api/v1/strategies"): "strategyCancelAll",
    ("GET", "api/v1/strategies"): "strategyQueryAll",
    ("DELETE", "api/v1/strategy"): "strategyCancel",
    ("GET", "api/v1/strategy"): "strategyQuery",
    ("POST", "api/v1/strategy"): "strategyCreate",
    ("POST", "api/v1/vault/mint"): "vaultMint",
    ("GET", "api/v1/vault/nav"): "vaultNavQuery",
    ("DELETE", "api/v1/vault/redeem"): "vaultRedeemCancel",
    ("POST", "api/v1/vault/redeem"): "vaultRedeemRequest",
    ("GET", "api/v1/vault/redeems/pending"): "vaultPendingRedeemsQuery",
    ("GET", "wapi/v1/capital/deposit/address"): "depositAddressQuery",
    ("GET", "wapi/v1/capital/deposits"): "depositQueryAll",
    ("GET", "wapi/v1/capital/withdrawals"): "withdrawalQueryAll",
    ("POST", "wapi/v1/capital/withdrawals"): "withdraw",
    ("GET", "wapi/v1/history/borrowLend"): "borrowHistoryQueryAll",
    ("GET", "wapi/v1/history/borrowLend/positions"): "borrowPositionHistoryQueryAll",
    ("GET", "wapi/v1/history/dust"): "dustHistoryQueryAll",
    ("GET", "wapi/v1/history/fills"): "fillHistoryQueryAll",
    ("GET", "wapi/v1/history/funding"): "fundingHistoryQueryAll",
    ("GET", "wapi/v1/history/interest"): "interestHistoryQueryAll",
    ("GET", "wapi/v1/history/orders"): "orderHistoryQueryAll",
    ("GET", "wapi/v1/history/position"): "positionHistoryQueryAll",
    ("GET", "wapi/v1/history/quote"): "quoteHistoryQueryAll",
    ("GET", "wapi/v1/history/quote/fill"): "quoteFillHistoryQueryAll",
    ("GET", "wapi/v1/history/rfq"): "rfqHistoryQueryAll",
    ("GET", "wapi/v1/history/rfq/fill"): "rfqFillHistoryQueryAll",
    ("GET", "wapi/v1/history/settlement"): "settlementHistoryQueryAll",
    ("GET", "wapi/v1/history/strategies"): "strategyHistoryQueryAll",
    ("GET", "wapi/v1/history/vault/mint"): "vaultMintHistoryQueryAll",
    ("GET", "wapi/v1/history/vault/redeem"): "vaultRedeemHistoryQueryAll",
    ("POST", "wapi/v1/user/2fa"): "issueTwoFactorToken",
}
SIGNED_APIS = ["private"]
# Headers whose values are credentials: masked wherever ccxt logs request headers.
SECRET_HEADERS = frozenset(("X-API-Key", "X-Signature"))

DESCRIBE = {
    "id": "backpack",
    "name": "Backpack",
    "countries": ["JP"],
    "version": "v1",
    "certified": False,
    "pro": True,
    "rateLimit": 50,
    "precisionMode": TICK_SIZE,
    "requiredCredentials": {"apiKey": True, "secret": True},
    "urls": {
        "logo": "https://github.com/user-attachments/assets/7f682234-3eb1-48ab-a5ec-250a3227c985",
        "api": {
            "public": "https://api.backpack.exchange",
            "private": "https://api.backpack.exchange",
            "web": "https://api.backpack.exchange",
        },
        "www": "https://backpack.exchange/",
        "doc": "https://docs.backpack.exchange/",
        "fees": "https://support.backpack.exchange/exchange/fees",
    },
    "timeframes": {
        "1m": "1m",
        "3m": "3m",
        "5m": "5m",
        "15m": "15m",
        "30m": "30m",
        "1h": "1h",
        "2h": "2h",
        "4h": "4h",
        "6h": "6h",
        "8h": "8h",
        "12h": "12h",
        "1d": "1d",
        "3d": "3d",
        "1w": "1w",
        "1M": "1month",
    },
    "options": {
        "recvWindow": 5000,
        "networks": {
            "0G": "0G",
            "APT": "Aptos",
            "ARBITRUM": "Arbitrum",
            "AVAX": "Avalanche",
            "BASE": "Base",
            "BERA": "Berachain",
            "BTC": "Bitcoin",
            "BCH": "BitcoinCash",
            "BEP20": "Bsc",
            "ADA": "Cardano",
            "DOGE": "Dogecoin",
            "ECLIPSE": "Eclipse",
            "EQUALSMONEY": "EqualsMoney",
            "ERC20": "Ethereum",
            "FOGO": "Fogo",
            "HYPEREVM": "HyperEVM",
            "HYP": "Hyperliquid",
            "LINEA": "Linea",
            "LTC": "Litecoin",
            "MONAD": "Monad",
            "NEAR": "Near",
            "OPTIMISM": "Optimism",
            "PLASMA": "Plasma",
            "MATIC": "Polygon",
            "SEI": "Sei",
            "SUI": "Sui",
            "SOL": "Solana",
            "STABLE": "Stable",
            "STORY": "Story",
            "TRC20": "Tron",
            "XRP": "XRP",
            "ZEC": "Zcash",
        },
    },
    "commonCurrencies": {},
    "has": {
        "fetchStatus": True,
        "fetchTime": True,
        "fetchMarkets": True,
        "fetchCurrencies": True,
        "fetchTicker": True,
        "fetchTickers": True,
        "fetchOrderBook": True,
        "fetchTrades": True,
        "fetchOHLCV": True,
        "fetchFundingRate": True,
        "fetchFundingRates": True,
        "fetchFundingRateHistory": True,
        "fetchOpenInterest": True,
        "fetchOpenInterests": True,
        "fetchCrossBorrowRates": True,
        "fetchCrossBorrowRate": True,
        "createOrder": True,
        "createOrders": True,
        "cancelOrder": True,
        "cancelOrders": True,
        "cancelAllOrders": True,
        "fetchOpenOrder": True,
        "fetchOrder": True,
        "fetchOpenOrders": True,
        "fetchOrders": True,
        "fetchClosedOrders": True,
        "fetchCanceledOrders": True,
        "fetchMyTrades": True,
        "fetchOrderTrades": True,
        "fetchBalance": True,
        "fetchDeposits": True,
        "fetchWithdrawals": True,
        "fetchDepositsWithdrawals": True,
        "fetchDepositAddress": True,
        "withdraw": True,
        "fetchDepositWithdrawFees": True,
        "fetchTradingFees": True,
        "fetchLeverage": True,
        "setLeverage": True,
        "fetchMarginMode": True,
        "fetchPositions": True,
        "fetchPosition": True,
        "fetchPositionsHistory": True,
        "fetchFundingHistory": True,
        "fetchBorrowInterest": True,
        "fetchSettlementHistory": True,
        "borrowCrossMargin": True,
        "repayCrossMargin": True,
        "fetchLedger": True,
        "fetchConvertQuote": True,
        "createConvertTrade": True,
        "spot": True,
        "margin": True,
        "swap": True,
        "future": True,
        "option": False,
        "fetchL2OrderBook": True,
        "fetchMarkOHLCV": True,
        "fetchIndexOHLCV": True,
        "createLimitOrder": True,
        "createLimitBuyOrder": True,
        "createLimitSellOrder": True,
        "createMarketOrder": True,
        "createMarketBuyOrder": True,
        "createMarketSellOrder": True,
        "createPostOnlyOrder": True,
        "createReduceOnlyOrder": True,
        "createTriggerOrder": True,
        "createOrderWithTakeProfitAndStopLoss": True,
        "createMarketOrderWithCost": True,
        "createMarketBuyOrderWithCost": True,
        "createMarketSellOrderWithCost": True,
        "editOrder": "emulated",
    },
    "features": {
        "default": {
            "sandbox": False,
            "createOrder": {
                "marginMode": False,
                "triggerPrice": True,
                "triggerPriceType": {"last": True, "mark": True, "index": True},
                "triggerDirection": False,
                "stopLossPrice": True,
                "takeProfitPrice": True,
                "attachedStopLossTakeProfit": {
                    "triggerPriceType": {"last": True, "mark": True, "index": True},
                    "price": True,
                },
                "timeInForce": {"IOC": True, "FOK": True, "PO": True, "GTD": False, "GTC": True},
                "hedged": False,
                "trailing": False,
                "leverage": False,
                "marketBuyByCost": True,
                "marketBuyRequiresPrice": False,
                "selfTradePrevention": {"EXPIRE_MAKER": True, "EXPIRE_TAKER": True, "EXPIRE_BOTH": True, "NONE": False},
                "iceberg": False,
            },
            "createOrders": {"max": 20},
            "fetchMyTrades": {
                "marginMode": False,
                "limit": 1000,
                "daysBack": None,
                "untilDays": None,
                "symbolRequired": False,
            },
            "fetchOrder": {"marginMode": False, "trigger": True, "trailing": False, "symbolRequired": True},
            "fetchOpenOrders": {
                "marginMode": False,
                "limit": None,
                "trigger": True,
                "trailing": False,
                "symbolRequired": False,
            },
            "fetchOrders": {
                "marginMode": False,
                "limit": 1000,
                "daysBack": None,
                "untilDays": None,
                "trigger": True,
                "trailing": False,
                "symbolRequired": False,
            },
            "fetchClosedOrders": {
                "marginMode": False,
                "limit": 1000,
                "daysBack": None,
                "untilDays": None,
                "daysBackCanceled": None,
                "trigger": True,
                "trailing": False,
                "symbolRequired": False,
            },
            "fetchOHLCV": {"limit": 1000},
        },
        "spot": {"extends": "default"},
        "swap": {"linear": {"extends": "default"}, "inverse": None},
        "future": {"linear": {"extends": "default"}, "inverse": None},
    },
    "api": {
        "public": {
            "get": {
                "api/v1/assets": {"cost": 1},
                "api/v1/borrowLend/apy": {"cost": 1},
                "api/v1/borrowLend/markets": {"cost": 1},
                "api/v1/borrowLend/markets/history": {"cost": 1},
                "api/v1/borrowLend/position/liquidationPrice": {"cost": 1},
                "api/v1/collateral": {"cost": 1},
                "api/v1/depth": {"cost": 1},
                "api/v1/fundingRates": {"cost": 1},
                "api/v1/klines": {"cost": 1},
                "api/v1/markPrices": {"cost": 1},
                "api/v1/market": {"cost": 1},
                "api/v1/market-sessions": {"cost": 1},
                "api/v1/markets": {"cost": 1},
                "api/v1/openInterest": {"cost": 1},
                "api/v1/ping": {"cost": 1},
                "api/v1/prediction": {"cost": 1},
                "api/v1/prediction/tags": {"cost": 1},
                "api/v1/securities": {"cost": 1},
                "api/v1/status": {"cost": 1},
                "api/v1/ticker": {"cost": 1},
                "api/v1/tickers": {"cost": 1},
                "api/v1/time": {"cost": 1},
                "api/v1/trades": {"cost": 1},
                "api/v1/trades/history": {"cost": 1},
                "api/v1/vaults": {"cost": 1},
                "api/v1/vaults/history": {"cost": 1},
                "api/v1/wallets": {"cost": 1},
                "api/v1/market-holidays": {"cost": 1},
                "api/v1/stockHolidays": {"cost": 1},
                "api/v1/stockIndicativeQuote": {"cost": 1},
                "api/v1/stockSessions": {"cost": 1},
            },
        },
        "private": {
            "delete": {
                "api/v1/order": {"cost": 1},
                "api/v1/orders": {"cost": 1},
                "api/v1/strategies": {"cost": 1},
                "api/v1/strategy": {"cost": 1},
                "api/v1/vault/redeem": {"cost": 1},
            },
            "get": {
                "api/v1/account": {"cost": 1},
                "api/v1/account/limits/borrow": {"cost": 1},
                "api/v1/account/limits/order": {"cost": 1},
                "api/v1/account/limits/withdrawal": {"cost": 1},
                "api/v1/borrowLend/positions": {"cost": 1},
                "api/v1/capital": {"cost": 1},
                "api/v1/capital/collateral": {"cost": 1},
                "api/v1/order": {"cost": 1},
                "api/v1/orders": {"cost": 1},
                "api/v1/position": {"cost": 1},
                "api/v1/rfqs": {"cost": 1},
                "api/v1/strategies": {"cost": 1},
                "api/v1/strategy": {"cost": 1},
                "api/v1/vault/nav": {"cost": 1},
                "api/v1/vault/redeems/pending": {"cost": 1},
                "wapi/v1/capital/deposit/address": {"cost": 1},
                "wapi/v1/capital/deposits": {"cost": 1},
                "wapi/v1/capital/withdrawals": {"cost": 1},
                "wapi/v1/history/borrowLend": {"cost": 1},
                "wapi/v1/history/borrowLend/positions": {"cost": 1},
                "wapi/v1/history/dust": {"cost": 1},
                "wapi/v1/history/fills": {"cost": 1},
                "wapi/v1/history/funding": {"cost": 1},
                "wapi/v1/history/interest": {"cost": 1},
                "wapi/v1/history/orders": {"cost": 1},
                "wapi/v1/history/position": {"cost": 1},
                "wapi/v1/history/quote": {"cost": 1},
                "wapi/v1/history/quote/fill": {"cost": 1},
                "wapi/v1/history/rfq": {"cost": 1},
                "wapi/v1/history/rfq/fill": {"cost": 1},
                "wapi/v1/history/settlement": {"cost": 1},
                "wapi/v1/history/strategies": {"cost": 1},
                "wapi/v1/history/vault/mint": {"cost": 1},
                "wapi/v1/history/vault/redeem": {"cost": 1},
            },
            "patch": {
                "api/v1/account": {"cost": 1},
            },
            "post": {
                "api/v1/account/convertDust": {"cost": 1},
                "api/v1/borrowLend": {"cost": 1},
                "api/v1/order": {"cost": 1},
                "api/v1/orders": {"cost": 1},
                "api/v1/rfq": {"cost": 1},
                "api/v1/rfq/accept": {"cost": 1},
                "api/v1/rfq/cancel": {"cost": 1},
                "api/v1/rfq/quote": {"cost": 1},
                "api/v1/rfq/refresh": {"cost": 1},
                "api/v1/strategy": {"cost": 1},
                "api/v1/vault/mint": {"cost": 1},
                "api/v1/vault/redeem": {"cost": 1},
                "wapi/v1/capital/withdrawals": {"cost": 1},
                "wapi/v1/user/2fa": {"cost": 1},
            },
        },
        "web": {
            "get": {
                "wapi/v1/capital/withdrawals/delay": {"cost": 1},
            },
            "patch": {
                "wapi/v1/capital/withdrawals/delay": {"cost": 1},
            },
            "post": {
                "wapi/v1/capital/withdrawals/delay": {"cost": 1},
            },
        },
    },
    "exceptions": {
        "exact": {
            "ACCOUNT_DEACTIVATED": AccountSuspended,
            "ACCOUNT_LIQUIDATING": AccountSuspended,
            "BORROW_LIMIT": BadRequest,
            "BORROW_REQUIRES_LEND_REDEEM": BadRequest,
            "FORBIDDEN": PermissionDenied,
            "INSUFFICIENT_FUNDS": InsufficientFunds,
            "INSUFFICIENT_MARGIN": InsufficientFunds,
            "INSUFFICIENT_SUPPLY": InsufficientFunds,
            "INVALID_ASSET": BadRequest,
            "INVALID_CLIENT_REQUEST": BadRequest,
            "INVALID_MARKET": BadSymbol,
            "INVALID_ORDER": InvalidOrder,
            "INVALID_PRICE": InvalidOrder,
            "INVALID_POSITION_ID": BadRequest,
            "INVALID_QUANTITY": InvalidOrder,
            "INVALID_RANGE": BadRequest,
            "INVALID_SIGNATURE": AuthenticationError,
            "INVALID_SOURCE": BadRequest,
            "INVALID_SYMBOL": BadSymbol,
            "INVALID_TWO_FACTOR_CODE": AuthenticationError,
            "LEND_LIMIT": BadRequest,
            "LEND_REQUIRES_BORROW_REPAY": BadRequest,
            "MAINTENANCE": OnMaintenance,
            "MAX_LEVERAGE_REACHED": InsufficientFunds,
            "NOT_IMPLEMENTED": NotSupported,
            "ORDER_LIMIT": OperationRejected,
            "POSITION_LIMIT": OperationRejected,
            "PRECONDITION_FAILED": OperationRejected,
            "RESOURCE_NOT_FOUND": BadRequest,
            "SERVER_ERROR": ExchangeNotAvailable,
            "TIMEOUT": RequestTimeout,
            "TOO_EARLY": OperationRejected,
            "TOO_MANY_REQUESTS": RateLimitExceeded,
            "TRADING_PAUSED": MarketClosed,
            "UNAUTHORIZED": AuthenticationError,
        },
        "broad": {
            "Expect a valid enumeration value": BadRequest,
            "Invalid market symbol": BadSymbol,
            "Invalid signature": AuthenticationError,
            "parse request payload error": BadRequest,
            "Request has expired": InvalidNonce,
        },
    },
    "httpExceptions": {
        "400": BadRequest,
        "401": AuthenticationError,
        "403": PermissionDenied,
        "404": BadRequest,
        "405": BadRequest,
        "408": RequestTimeout,
        "409": BadRequest,
        "418": DDoSProtection,
        "429": RateLimitExceeded,
        "451": RestrictedLocation,
        "500": ExchangeNotAvailable,
        "501": NotSupported,
        "502": ExchangeNotAvailable,
        "503": ExchangeNotAvailable,
        "504": RequestTimeout,
    },
}

# createOrder: the order endpoint's own parameters that params may carry (values: a kind or the
# accepted values), the API's names of ccxt's arguments, and ccxt's order params it translates
ORDER_EXTRAS: dict[str, Any] = {
    "autoLend": "boolean",
    "autoLendRedeem": "boolean",
    "autoBorrow": "boolean",
    "autoBorrowRepay": "boolean",
    "brokerId": "integer",
    "slippageTolerance": "decimal",
    "slippageToleranceType": ["TickSize", "Percent"],
}
ORDER_FIELDS: dict[str, str] = {
    "symbol": "symbol",
    "side": "side",
    "orderType": "type",
    "quantity": "amount",
    "price": "price",
    "quoteQuantity": "cost",
    "triggerPrice": "triggerPrice",
    "triggerQuantity": "amount",
    "triggerBy": "triggerPriceType",
    "timeInForce": "timeInForce",
    "postOnly": "postOnly",
    "reduceOnly": "reduceOnly",
    "clientId": "clientOrderId",
    "selfTradePrevention": "selfTradePrevention",
    "takeProfitTriggerPrice": "takeProfit.triggerPrice",
    "takeProfitLimitPrice": "takeProfit.price",
    "takeProfitTriggerBy": "takeProfit.triggerPriceType",
    "stopLossTriggerPrice": "stopLoss.triggerPrice",
    "stopLossLimitPrice": "stopLoss.price",
    "stopLossTriggerBy": "stopLoss.triggerPriceType",
}
UNIFIED_ORDER_PARAMS: tuple[str, ...] = (
    "clientOrderId",
    "cost",
    "marginMode",
    "postOnly",
    "reduceOnly",
    "selfTradePrevention",
    "stopLoss",
    "stopLossPrice",
    "stopPrice",
    "takeProfit",
    "takeProfitPrice",
    "timeInForce",
    "triggerPrice",
    "triggerPriceType",
)
# ccxt's trigger prices of an order, of which it takes one (the first named, in messages)
TRIGGER_PRICES = ("triggerPrice", "stopPrice", "stopLossPrice", "takeProfitPrice")

# (METHOD, path) -> the success statuses besides 200 at which the endpoint answers without a body
BODILESS: dict[tuple[str, str], frozenset[int]] = {
    ("GET", "api/v1/ticker"): frozenset((204,)),
    ("DELETE", "api/v1/order"): frozenset((202,)),
    ("DELETE", "api/v1/orders"): frozenset((202,)),
    ("DELETE", "api/v1/strategies"): frozenset((202,)),
    ("DELETE", "api/v1/strategy"): frozenset((202,)),
    ("GET", "wapi/v1/capital/withdrawals/delay"): frozenset((204,)),
}
# an empty answer at one of these statuses is left to the endpoint to read (handle_errors)
BODILESS_STATUSES = frozenset().union(*BODILESS.values())

# code -> ((path, exception), ...): where an error code means something more specific
ERRORS_ON_PATHS: dict[Any, tuple[tuple[str, Any], ...]] = {
    "RESOURCE_NOT_FOUND": (
        ("api/v1/order", OrderNotFound),
        ("api/v1/orders", OrderNotFound),
    ),
}

# marketType -> the kind of ccxt market it is; others are skipped.
MARKET_KINDS = {
    "SPOT": {"type": "spot", "margin": True, "maker": 0.0008, "taker": 0.001},
    "RFQ": {"type": "spot", "symbol": "{base}.RFQ/{quote}"},
    "PERP": {"type": "swap", "settle": "quote", "linear": True, "contractSize": 1, "maker": 0.0002, "taker": 0.0005},
    "IPERP": {"type": "swap", "settle": "quote", "linear": True, "contractSize": 1, "maker": 0.0002, "taker": 0.0005},
    "DATED": {"type": "future", "settle": "quote", "linear": True, "contractSize": 1, "maker": 0.0002, "taker": 0.0005},
    "PREDICTION": {"type": "prediction"},
}


class BackpackMixin(ConvertMixin, ChecksMixin):
    """Pure logic of the Backpack adapter: no I/O, shared by the sync and async classes."""

    def describe(self) -> dict:
        return self.deep_extend(super().describe(), DESCRIBE)

    def __init__(self, config: dict = {}) -> None:
        super().__init__(config)
        server = self.safe_string(self.options, "server")
        if server:  # one option moves every endpoint group: a simulator, a proxy
            self.urls["api"] = {group: server.rstrip("/") for group in self.urls["api"]}

    # ccxt's JSON decoding, or the typed one of the answer the running call expects (TypedAnswer)
    on_json_response = staticmethod(decode_json)

    # --- signing: ed25519-instruction ------------------------------------------------

    def nonce(self) -> int:
        return self.milliseconds() - (option_integer(self.options, "timeDifference") or 0)

    def sign(
        self,
        path: str,
        api: list[str] | str = ["public"],
        method: str = "GET",
        params: Any = {},
        headers: Any = None,
        body: Any = None,
    ) -> dict:
        # ccxt <= 4.5.88 passes api as a string, >= 4.5.89 as a list
        api_name = api if api.__class__ is str else api[0]
        base_url = self.urls["api"][api_name]
        if "{" in path:
            url = base_url + "/" + self.implode_params(path, params)
            params = self.omit(params, self.extract_params(path))
        else:
            url = base_url + "/" + path
        query = plain_query(params) if method == "GET" and params.__class__ is dict else None
        if query is None:
            params = drop_none(params)
            bad = non_finite_key(params)
            if bad is not None:
                raise BadRequest(
                    f"{self.id} {method} {path}: params[{bad!r}] is not a finite number; JSON cannot carry it"
                )
        headers = None
        body = None
        if method == "GET":
            if query is None and params:
                query = encode_query(params)
            if query:
                url += "?" + query
        else:
            body = self.json(params)
        if api_name in SIGNED_APIS:
            headers = self.signed_headers(method, path, params)
            if body is not None:
                headers["Content-Type"] = "application/json; charset=utf-8"
        return {"url": url, "method": method, "body": body, "headers": headers}

    def signed_headers(self, method: str, path: str, params: Any) -> dict[str, str]:
        """The authentication headers of one request (backed by a cached signing key)."""
        instruction = INSTRUCTIONS.get((method, path))
        if instruction is None:
            raise NotSupported(self.id + " has no signing instruction for " + method + " " + path)
        parts = self.signed_parts(instruction, params)
        return {
            "X-API-Key": parts["api_key"],
            "X-Signature": parts["signature"],
            "X-Timestamp": parts["timestamp"],
            "X-Window": parts["window"],
        }

    def signed_parts(self, instruction: str, params: Any) -> dict[str, str]:
        """The API key, signature, timestamp and window that authenticate one instruction with
        these params, signed now: the request headers carry them, and so does a private
        WebSocket subscription."""
        secret_key, api_key = self.signing_secrets()
        timestamp = str(self.nonce())
        window = str(option_integer(self.options, "recvWindow", 5000))
        payload = signing_payload(instruction, params) + "&timestamp=" + timestamp + "&window=" + window
        # the signature is the first 64 bytes of the signed message (what SigningKey.sign returns, unwrapped)
        signature = crypto_sign(payload.encode(), secret_key)[:64]
        return {
            "api_key": api_key,
            "signature": base64.b64encode(signature).decode(),
            "timestamp": timestamp,
            "window": window,
        }

    def signing_secrets(self) -> tuple[bytes, str]:
        """(the ED25519 secret key libsodium signs with, the API key as sent), kept while the credentials stay the same."""
        cached = self.__dict__.get("_signing_secrets")
        if cached is not None and cached[0] is self.secret and cached[1] is self.apiKey:
            return cached[2]
        key = self.signing_key()
        # a key read from a file often ends in a newline
        secrets = (bytes(key) + bytes(key.verify_key), self.apiKey.strip())
        self.__dict__["_signing_secrets"] = (self.secret, self.apiKey, secrets)
        return secrets

    def signing_key(self) -> SigningKey:
        """The secret decoded into an ED25519 key once, then reused while the credentials stay the same."""
        cached = getattr(self, "_signing_key_cache", None)
        if cached is not None and cached[0] is self.secret and cached[1] is self.apiKey:
            return cached[2]
        self.check_required_credentials()
        if self.apiKey.__class__ is not str or self.secret.__class__ is not str:
            raise AuthenticationError(self.id + " apiKey and secret must be text")
        key = decode_signing_key(self.id, self.secret.strip())
        if self.binary_to_base64(bytes(key.verify_key)) != self.apiKey.strip():
            raise AuthenticationError(
                self.id
                + " apiKey is not the public key of this secret: the exchange would refuse every signed request (check that both come from the same key pair)"
            )
        self._signing_key_cache = (self.secret, self.apiKey, key)
        return key

    # --- secrets out of logs ---------------------------------------------------

    @property
    def logger(self) -> Any:
        return self.__dict__.get("_logger")

    @logger.setter
    def logger(self, logger: Any) -> None:
        """ccxt logs every request's headers at DEBUG level: the credentials in them are masked."""
        self.__dict__["_logger"] = (
            logger if logger is None or isinstance(logger, MaskingLogger) else MaskingLogger(logger, SECRET_HEADERS)
        )

    def log(self, *args: Any) -> None:
        """ccxt's verbose output, with the credentials in request headers masked."""
        super().log(*(mask_headers(arg, SECRET_HEADERS) for arg in args))

    # --- errors ------------------------------------------------------------------

    def handle_errors(
        self,
        code: int | str | None,
        reason: str | None,
        url: str,
        method: str,
        headers: Any,
        body: Any,
        response: Any,
        request_headers: Any,
        request_body: Any,
    ) -> None:
        """Raise the mapped ccxt exception for an error answer; return None for a good one.

        Runs before ccxt's own status handling in both the sync and the async
        class, so every HTTP status >= 400 raises here (ccxt's async class would
        otherwise return the body of a status it has no mapping for).
        """
        status = int(code) if code is not None else 0
        if status in BODILESS_STATUSES and not body:
            raise AnswerWithoutBody(status)  # send_request, which knows the endpoint, reads it
        if response.__class__ is dict:
            error_code = response.get("code")
            message = response.get("message")
            if error_code.__class__ is str and (status >= 400 or message is not None):
                raise self.mapped_error(error_code, message, status, self.id + " " + body, url)
        if status >= 400:
            text = body if body.__class__ is str else ""
            summary = " ".join(text.split())[:300]
            raise self.mapped_error(
                None,
                text,
                status,
                self.id + " " + method + " " + url + " " + str(status) + " " + (reason or "") + " " + summary,
                url,
            )
        return None

    def answer_without_body(self, method: str, path: str, answer: AnswerWithoutBody) -> Any:
        """What a request returns for an empty answer at a status some endpoint documents as
        bodiless: NO_BODY when its own endpoint documents it, else the empty text ccxt returns
        for any empty answer (which the unified methods reject as NullResponse)."""
        return NO_BODY if answer.status in BODILESS.get((method, path), ()) else ""

    def mapped_error(self, error_code: Any, message: Any, status: int, feedback: str, url: str) -> Exception:
        """The exception for an error answer: by a known message first (it says more than the
        code: "Request has expired" comes with a generic code), then by the code on the request's
        path, then by the code, then by the status."""
        broad = self.find_broadly_matched_key(self.exceptions["broad"], message) if message.__class__ is str else None
        if broad is not None:
            error = self.exceptions["broad"][broad]
        else:
            error = (
                self.error_on_path(error_code, url)
                or self.exceptions["exact"].get(error_code)
                or self.status_exception(status)
            )
        if issubclass(error, InvalidNonce):
            feedback += (
                " (the exchange found the request's time outside its window: check this machine's clock,"
                " or set options['adjustForTimeDifference'] = True to follow the exchange's clock"
                f"; the window is options['recvWindow'] = {self.options.get('recvWindow', 5000)} ms, at most 60000)"
            )
        return error(feedback)

    def error_on_path(self, error_code: Any, url: str) -> type[Exception] | None:
        """The exception a code means on the request's path (a server prefix before it allowed), if any."""
        path = "/" + urlsplit(url).path.strip("/")
        for suffix, error in ERRORS_ON_PATHS.get(error_code, ()):
            if path.endswith("/" + suffix):
                return error
        return None

    def status_exception(self, status: int) -> type[Exception]:
        """The exception class for an HTTP status, with a fallback for unmapped ones."""
        mapped = self.httpExceptions.get(str(status))
        if mapped is not None:
            return mapped
        return ExchangeNotAvailable if status >= 500 else ExchangeError

    # --- parsers: exchange JSON -> ccxt structures ------------------------------

    def parse_market(self, market: dict) -> Market:
        """One Market as a ccxt market, or None when its kind is unknown."""
        raw = market
        kind = lookup(MARKET_KINDS, raw.get("marketType"), None)
        if kind is None:
            return None
        market_type = kind["type"]
        base_id = to_string(raw.get("baseSymbol"))
        quote_id = to_string(raw.get("quoteSymbol"))
        if base_id is None or quote_id is None:
            raise MalformedItem(f"a market without its base or quote currency: {preview(raw)}")
        base = self.safe_currency_code(base_id)
        quote = self.safe_currency_code(quote_id)
        settle_side = kind.get("settle")
        settle_id = quote_id if settle_side == "quote" else base_id if settle_side == "base" else None
        settle = self.safe_currency_code(settle_id) if settle_id is not None else None
        expiry = (
            date_in_text(raw.get("baseSymbol"), "^[A-Z]+D(?P<m>\\d\\d)(?P<d>\\d\\d)(?P<y>\\d\\d)$")
            if market_type in ("future", "option")
            else None
        )
        if "symbol" in kind:
            symbol = kind["symbol"].format(base=base, quote=quote, settle=settle)
        else:
            symbol = base + "/" + quote
            if settle is not None:
                symbol += ":" + settle
            if expiry is not None:
                symbol += "-" + self.yymmdd(expiry)
        contract = market_type in ("swap", "future", "option")
        linear = kind.get("linear") if contract else None
        item = self.safe_market_structure(
            {
                "id": to_string(raw.get("symbol")),
                "symbol": symbol,
                "base": base,
                "quote": quote,
                "settle": settle,
                "baseId": base_id,
                "quoteId": quote_id,
                "settleId": settle_id,
                "type": market_type,
                "spot": market_type == "spot",
                "margin": kind.get("margin", False),
                "swap": market_type == "swap",
                "future": market_type == "future",
                "option": market_type == "option",
                "active": lookup(STATUS_MARKET_ACTIVE, raw.get("orderBookState"), False),
                "contract": contract,
                "linear": linear,
                "inverse": (not linear) if linear is not None else None,
                "subType": ("linear" if linear else "inverse") if linear is not None else None,
                "taker": kind.get("taker"),
                "maker": kind.get("maker"),
                "contractSize": kind.get("contractSize"),
                "expiry": expiry,
                "expiryDatetime": iso8601(expiry) if expiry is not None else None,
                "strike": None,
                "optionType": None,
                "precision": {
                    "amount": to_number(dig(raw, "filters", "quantity", "stepSize")),
                    "price": to_number(dig(raw, "filters", "price", "tickSize")),
                    "cost": None,
                    "base": None,
                    "quote": None,
                },
                "limits": {
                    "leverage": {"min": 1, "max": reciprocal(dig(raw, "imfFunction", "base"))},
                    "amount": {
                        "min": to_number(dig(raw, "filters", "quantity", "minQuantity")),
                        "max": to_number(dig(raw, "filters", "quantity", "maxQuantity")),
                    },
                    "price": {
                        "min": to_number(dig(raw, "filters", "price", "minPrice")),
                        "max": to_number(dig(raw, "filters", "price", "maxPrice")),
                    },
                    "cost": {"min": None, "max": None},
                },
                "created": parse_iso(raw.get("createdAt")),
                "info": raw,
            }
        )
        precision = item["precision"]
        if not all(
            tick is None or TICK_RANGE[0] <= tick <= TICK_RANGE[1] for tick in (precision["price"], precision["amount"])
        ):
            raise MalformedItem(f"a market whose tick ccxt cannot round to: {preview(raw)}")
        if item["id"] is None:
            raise malformed(item, ("id",), "Market")
        return item

    def parse_markets(self, markets: Any) -> list[Market]:
        """Markets of known kinds; a symbol already taken falls back to the market id."""
        result = []
        seen = set()
        for raw in markets if markets.__class__ is list else []:
            try:
                market = self.parse_market(raw) if raw.__class__ is dict else None
            except MalformedItem:
                continue
            if market is None:
                continue
            if market["symbol"] in seen:
                market["symbol"] = market["id"]
            seen.add(market["symbol"])
            result.append(market)
        return result

    def parse_currency(self, currency: dict) -> CurrencyInterface:
        """One MarketAsset as a ccxt currency, its networks included."""
        raw = currency
        currency_id = to_string(raw.get("symbol"))
        code = self.safe_currency_code(currency_id)
        networks = {}
        tokens = raw.get("tokens")
        for token in tokens if tokens.__class__ is list else []:
            if token.__class__ is not dict:
                continue
            network_id = to_string(token.get("blockchain"))
            if network_id is None:  # a network without its name cannot be used: left out
                continue
            network = self.network_id_to_code(network_id, code)
            networks[network] = {
                "id": network_id,
                "network": network,
                "active": None,
                "deposit": to_bool(token.get("depositEnabled")),
                "withdraw": to_bool(token.get("withdrawEnabled")),
                "fee": to_number(token.get("withdrawalFee")),
                "precision": decimals_to_tick(token.get("nativeDecimals")),
                "limits": {
                    "deposit": {"min": to_number(token.get("minimumDeposit")), "max": None},
                    "withdraw": {
                        "min": to_number(token.get("minimumWithdrawal")),
                        "max": to_number(token.get("maximumWithdrawal")),
                    },
                },
                "info": token,
            }
        # no network at all: nothing can be deposited or withdrawn
        unreachable = False if tokens.__class__ is list and not networks else None
        item = self.safe_currency_structure(
            {
                "id": currency_id,
                "code": code,
                "name": to_string(raw.get("displayName")),
                "type": "crypto",
                "active": None,
                "deposit": unreachable,
                "withdraw": unreachable,
                "fee": None,
                "precision": None,
                "limits": {"deposit": {"min": None, "max": None}, "withdraw": {"min": None, "max": None}},
                "networks": networks,
                "info": raw,
            }
        )
        if item["id"] is None:
            raise malformed(item, ("id",), "MarketAsset")
        return item

    def parse_ticker(self, ticker: dict, market: Market = None) -> Ticker:
        """One Ticker as a ccxt ticker. The usual one (its numbers plain texts, open and
        close positive) in straight-line code; any other by parse_ticker_reference, which the
        generated tests prove it agrees with."""
        raw: Any = ticker  # JSON, read by the exceptions a value of another type raises (Unfit below)
        try:
            market_id = raw.get("symbol")
            # the one market of the id, as safe_market finds it (without the fallback structure it builds first)
            by_id = self.markets_by_id.get(market_id) if market_id.__class__ is str and self.markets_by_id else None
            found = (
                by_id[0]
                if by_id and len(by_id) == 1
                else self.safe_market(
                    market_id if market_id.__class__ is str and market_id else to_string(market_id), market
                )
            )
            # open, close (positive), change and percentage (not zero) as plain texts: safe_ticker derives
            # nothing else from them. Floats decide the checks where they decide as _exact and
            # bounded_decimal (the reference's) would: a positive float below the limit is a Decimal
            # _exact takes, but for its exponent and decimals, checked on their own.
            open_text, close_text = raw.get("firstPrice"), raw.get("lastPrice")
            change_text, percentage_text = raw.get("priceChange"), raw.get("priceChangePercent")
            if (
                open_text.__class__ is not str
                or close_text.__class__ is not str
                or change_text.__class__ is not str
                or percentage_text.__class__ is not str
            ):
                raise Unfit
            open_, close, change = float(open_text), float(close_text), float(change_text)
            # the percentage times 10^2 exactly: its text with the exponent moved, read as one correctly
            # rounded float (a text with an exponent of its own is no number then: the reference reads it)
            percentage = float(percentage_text + "e2")
            if (
                # at least 1e-39 as floats, so their decimals' exponents are within the limit ("1e-50" is not)
                not (1e-39 <= open_ < NUMBER_LIMIT and 1e-39 <= close < NUMBER_LIMIT)
                or (len(open_text) > 19 and decimals_of(open_text) > 18)
                or (len(close_text) > 19 and decimals_of(close_text) > 18)
                or (not 1e-39 < abs(change) < 1e39 and bounded_decimal(change_text) is None)
                or not 1e-38 < abs(percentage) < 1e38  # zero, or near a limit: the reference decides
            ):
                raise Unfit
            base_text = raw.get("volume")
            # Any: the check below compares it only when the text is given, which mypy does not follow
            base_volume: Any = None if base_text is None else float(base_text)
            if base_text is not None and (
                base_text.__class__ is not str or not -NUMBER_LIMIT < base_volume < NUMBER_LIMIT
            ):
                raise Unfit
            quote_text = raw.get("quoteVolume")
            # Any: the check below compares it only when the text is given, which mypy does not follow
            quote_volume: Any = None if quote_text is None else float(quote_text)
            if quote_text is not None and (
                quote_text.__class__ is not str or not -NUMBER_LIMIT < quote_volume < NUMBER_LIMIT
            ):
                raise Unfit
            vwap = None
            if (
                quote_volume and quote_text is not None and base_text is not None
            ):  # positive plain texts, as for open and close
                if (
                    not (quote_volume >= 1e-39 and base_volume >= 1e-39)  # positive, exponents within the limit
                    or (len(quote_text) > 19 and decimals_of(quote_text) > 18)
                    or (len(base_text) > 19 and decimals_of(base_text) > 18)
                ):
                    raise Unfit
                vwap = cut_quotient(quote_text, base_text, 18)  # ccxt's 18 decimals; not plain digits: ValueError
            # cut as safe_ticker (the reference) cuts; a text that is not plain digits (ValueError) goes there
            average = cut_mean(open_text, close_text, average_places(found, self.precisionMode))
            r_f_high = raw.get("high")
            f_high = float(r_f_high)
            if r_f_high.__class__ is bool or not -NUMBER_LIMIT < f_high < NUMBER_LIMIT:
                raise Unfit
            r_f_low = raw.get("low")
            f_low = float(r_f_low)
            if r_f_low.__class__ is bool or not -NUMBER_LIMIT < f_low < NUMBER_LIMIT:
                raise Unfit
            timestamp = None
            item = {
                "symbol": found["symbol"],
                "timestamp": timestamp,
                "datetime": None,
                "high": f_high or None,
                "low": f_low or None,
                "bid": None,
                "bidVolume": None,
                "ask": None,
                "askVolume": None,
                "vwap": vwap,
                "open": open_,
                "close": close,
                "last": close,
                "previousClose": None,
                "change": change,
                "percentage": percentage,
                "average": average,
                "baseVolume": base_volume,
                "quoteVolume": quote_volume,
                "markPrice": None,
                "indexPrice": None,
                "info": raw,
            }
            if item["symbol"] is None:
                raise Unfit
        except (Unfit, AttributeError, TypeError, ValueError, ArithmeticError):  # decimal's errors are ArithmeticErrors
            return self.parse_ticker_reference(raw, market)
        return item

    def parse_ticker_reference(self, ticker: dict, market: Market = None) -> Ticker:
        """One Ticker as a ccxt ticker; numbers derived in exact decimal like safe_ticker."""
        raw = ticker
        market = self.safe_market(to_string(raw.get("symbol")), market)

        timestamp = None
        texts = {
            "open": to_string(raw.get("firstPrice")),
            "close": to_string(raw.get("lastPrice")),
            "high": to_string(raw.get("high")),
            "low": to_string(raw.get("low")),
            "change": to_string(raw.get("priceChange")),
            "percentage": scaled_text(raw.get("priceChangePercent"), "100"),
            "baseVolume": to_string(raw.get("volume")),
            "quoteVolume": to_string(raw.get("quoteVolume")),
        }
        result = {
            "symbol": market["symbol"],
            "timestamp": timestamp,
            "datetime": None,
            "high": None,
            "low": None,
            "bid": None,
            "bidVolume": None,
            "ask": None,
            "askVolume": None,
            "vwap": None,
            "open": None,
            "close": None,
            "last": None,
            "previousClose": None,
            "change": None,
            "percentage": None,
            "average": None,
            "baseVolume": None,
            "quoteVolume": None,
            "markPrice": None,
            "indexPrice": None,
            "info": raw,
        }
        item = finish_ticker(self, result, texts, market)
        if item["symbol"] is None:
            raise malformed(item, ("symbol",), "Ticker")
        return item

    def parse_trade(self, trade: dict, market: Market = None) -> Trade:
        """Dispatch on the shape of the trade: public, fill."""
        if "isBuyerMaker" in trade:
            return self.parse_trade_public(trade, market)
        if "tradeId" in trade:
            return self.parse_trade_fill(trade, market)
        return self.parse_trade_fill(trade, market)

    def parse_trade_public(self, raw: dict, market: Market = None) -> Trade:
        """One Trade as a ccxt trade."""
        market = self.safe_market(None, market)

        timestamp = ms_time(raw.get("timestamp"))
        price = to_number(raw.get("price"))
        amount = to_number(raw.get("quantity"))
        cost = to_number(raw.get("quoteQuantity"))
        fee = {"cost": None, "currency": None}
        fees: list = []
        item = {
            "info": raw,
            "timestamp": timestamp,
            "datetime": iso8601(timestamp) if timestamp is not None else None,
            "symbol": market["symbol"],
            "id": to_string(raw.get("id")),
            "order": None,
            "type": None,
            "side": lookup(TRADE_PUBLIC_SIDE, raw.get("isBuyerMaker"), None),
            "takerOrMaker": "taker",
            "price": price,
            "amount": amount,
            "cost": cost,
            "fee": fee,
            "fees": fees,
        }
        if item["price"] is None or item["amount"] is None:
            raise malformed(item, ("price", "amount"), "Trade")
        return item

    @gc_paused
    def parse_trade_public_rows(self, rows: list, market: Market = None) -> list[Trade]:
        """Rows of Trade as ccxt trades, fast: see fast_loop in the templates."""
        given = market
        market = self.safe_market(None, given)  # the rows name no market: each is the given one's
        items = []
        for raw in rows:
            try:
                if "isBuyerMaker" not in raw:
                    raise Unfit
                r_f_id = raw.get("id")
                f_id = (
                    r_f_id
                    if r_f_id.__class__ is str and r_f_id or r_f_id is None
                    else str(r_f_id) if r_f_id.__class__ is int else to_string(r_f_id)
                )
                r_f_timestamp = raw.get("timestamp")
                f_timestamp = (
                    r_f_timestamp
                    if r_f_timestamp.__class__ is int and 0 <= r_f_timestamp < TIME_LIMIT
                    else ms_time(r_f_timestamp)
                )
                r_f_price = raw["price"]
                f_price = float(r_f_price)
                if r_f_price.__class__ is bool or not -NUMBER_LIMIT < f_price < NUMBER_LIMIT:
                    raise Unfit
                r_f_amount = raw["quantity"]
                f_amount = float(r_f_amount)
                if r_f_amount.__class__ is bool or not -NUMBER_LIMIT < f_amount < NUMBER_LIMIT:
                    raise Unfit
                r_f_cost = raw.get("quoteQuantity")
                if r_f_cost is None:
                    f_cost: Any = None  # compared below all the same: None raises TypeError, a row that does not fit
                else:
                    f_cost = float(r_f_cost)
                    if r_f_cost.__class__ is bool or not -NUMBER_LIMIT < f_cost < NUMBER_LIMIT:
                        raise Unfit
                r_f_side = raw.get("isBuyerMaker")
                f_side = TRADE_PUBLIC_SIDE.get(r_f_side)

                timestamp = f_timestamp
                price = f_price
                amount = f_amount
                cost = f_cost
                fee = {"cost": None, "currency": None}
                fees: list = []
                item = {
                    "info": raw,
                    "timestamp": timestamp,
                    "datetime": iso8601(timestamp) if timestamp is not None else None,
                    "symbol": market["symbol"],
                    "id": f_id,
                    "order": None,
                    "type": None,
                    "side": f_side,
                    "takerOrMaker": "taker",
                    "price": price,
                    "amount": amount,
                    "cost": cost,
                    "fee": fee,
                    "fees": fees,
                }

                items.append(item)
            except (Unfit, LookupError, AttributeError, TypeError, ValueError, OverflowError):
                if raw.__class__ is dict:
                    try:
                        items.append(self.parse_trade(raw, given))
                    except MalformedItem:
                        continue
        return items

    def parse_trade_fill(self, raw: dict, market: Market = None) -> Trade:
        """One OrderFill as a ccxt trade."""
        market = self.safe_market(to_string(raw.get("symbol")), market)

        timestamp = parse_iso(raw.get("timestamp"))
        price = to_number(raw.get("price"))
        amount = to_number(raw.get("quantity"))
        cost = trade_cost(to_string(raw.get("price")), to_string(raw.get("quantity")), market)
        fee = {"cost": to_number(raw.get("fee")), "currency": self.safe_currency_code(to_string(raw.get("feeSymbol")))}
        fees = [fee]
        item = {
            "info": raw,
            "timestamp": timestamp,
            "datetime": iso8601(timestamp) if timestamp is not None else None,
            "symbol": market["symbol"],
            "id": to_string(raw.get("tradeId")),
            "order": to_string(raw.get("orderId")),
            "type": None,
            "side": lookup(STATUS_SIDE, raw.get("side")),
            "takerOrMaker": lookup(TRADE_FILL_TAKER_OR_MAKER, raw.get("isMaker"), None),
            "price": price,
            "amount": amount,
            "cost": cost,
            "fee": fee,
            "fees": fees,
        }
        if item["symbol"] is None or item["price"] is None or item["amount"] is None:
            raise malformed(item, ("symbol", "price", "amount"), "OrderFill")
        return item

    @gc_paused
    def parse_trade_fill_rows(self, rows: list, market: Market = None) -> list[Trade]:
        """Rows of OrderFill as ccxt trades, fast: see fast_loop in the templates."""
        given = market
        markets: dict = {}  # market id -> market: each looked up once
        codes: dict = {}  # currency id -> code: each looked up once
        items = []
        for raw in rows:
            try:
                if "tradeId" not in raw:
                    raise Unfit
                market_id = raw.get("symbol")
                market = markets.get(market_id)
                if market is None:
                    market = markets[market_id] = self.safe_market(to_string(market_id), given)
                r_f_id = raw.get("tradeId")
                f_id = (
                    r_f_id
                    if r_f_id.__class__ is str and r_f_id or r_f_id is None
                    else str(r_f_id) if r_f_id.__class__ is int else to_string(r_f_id)
                )
                r_f_order = raw.get("orderId")
                f_order = (
                    r_f_order
                    if r_f_order.__class__ is str and r_f_order or r_f_order is None
                    else str(r_f_order) if r_f_order.__class__ is int else to_string(r_f_order)
                )
                r_f_side = raw.get("side")
                f_side = STATUS_SIDE.get(r_f_side, r_f_side)
                r_f_takerOrMaker = raw.get("isMaker")
                f_takerOrMaker = TRADE_FILL_TAKER_OR_MAKER.get(r_f_takerOrMaker)
                r_f_price = raw["price"]
                f_price = float(r_f_price)
                if r_f_price.__class__ is bool or not -NUMBER_LIMIT < f_price < NUMBER_LIMIT:
                    raise Unfit
                r_f_amount = raw["quantity"]
                f_amount = float(r_f_amount)
                if r_f_amount.__class__ is bool or not -NUMBER_LIMIT < f_amount < NUMBER_LIMIT:
                    raise Unfit
                r_f_fee_cost = raw.get("fee")
                if r_f_fee_cost is None:
                    f_fee_cost: Any = (
                        None  # compared below all the same: None raises TypeError, a row that does not fit
                    )
                else:
                    f_fee_cost = float(r_f_fee_cost)
                    if r_f_fee_cost.__class__ is bool or not -NUMBER_LIMIT < f_fee_cost < NUMBER_LIMIT:
                        raise Unfit
                r_f_fee_currency = raw.get("feeSymbol")
                f_fee_currency = codes.get(r_f_fee_currency)
                if f_fee_currency is None:
                    f_fee_currency = codes[r_f_fee_currency] = self.safe_currency_code(to_string(r_f_fee_currency))

                timestamp = parse_iso(raw.get("timestamp"))
                price = f_price
                amount = f_amount
                cost = read_trade_cost(r_f_price, r_f_amount, f_price, f_amount, market)
                fee = {"cost": f_fee_cost, "currency": f_fee_currency}
                fees = [fee]
                item = {
                    "info": raw,
                    "timestamp": timestamp,
                    "datetime": iso8601(timestamp) if timestamp is not None else None,
                    "symbol": market["symbol"],
                    "id": f_id,
                    "order": f_order,
                    "type": None,
                    "side": f_side,
                    "takerOrMaker": f_takerOrMaker,
                    "price": price,
                    "amount": amount,
                    "cost": cost,
                    "fee": fee,
                    "fees": fees,
                }

                if item["symbol"] is None:
                    raise Unfit
                items.append(item)
            except (Unfit, LookupError, AttributeError, TypeError, ValueError, OverflowError):
                if raw.__class__ is dict:
                    try:
                        items.append(self.parse_trade(raw, given))
                    except MalformedItem:
                        continue
        return items

    @gc_paused
    def parse_trades(
        self, trades: list, market: Market = None, since: Int = None, limit: Int = None, params: dict = {}
    ) -> list[Trade]:
        """ccxt's parse_trades (sorted by timestamp and id, filtered by symbol, since, limit), specialised."""
        rows = self.answer_list(trades if trades.__class__ is list else self.to_array(trades), "parseTrades")
        first = rows[0] if rows and rows[0].__class__ is dict else {}
        if "isBuyerMaker" in first:
            items = self.parse_trade_public_rows(rows, market)
        else:
            items = self.parse_trade_fill_rows(rows, market)
        if params:
            items = [self.extend(item, params) for item in items]
        items = sort_by_2(items, "timestamp", "id")
        return filter_since_limit(items, "symbol", market["symbol"] if market else None, since, limit)

    @gc_paused
    def parse_depth(self, raw: dict, symbol: Str) -> OrderBook:
        """One Depth as a ccxt order book (bids descending, asks ascending)."""
        bids, asks = raw.get("bids"), raw.get("asks")
        if bids.__class__ is not list or asks.__class__ is not list:
            raise MalformedItem(f"an order book without lists of bids and asks: {preview(raw)}")
        timestamp = us_to_ms(raw.get("timestamp"))
        item = {
            "symbol": symbol,
            "bids": sorted(self.parse_levels(bids), key=itemgetter(0), reverse=True),
            "asks": sorted(self.parse_levels(asks), key=itemgetter(0)),
            "timestamp": timestamp,
            "datetime": iso8601(timestamp) if timestamp is not None else None,
            "nonce": to_integer(raw.get("lastUpdateId")),
        }
        if item["timestamp"] is None:
            raise malformed(item, ("timestamp",), "Depth")
        return item

    # the answer parse_depth reads, decoded straight to floats when it can be (TypedAnswer)
    depth_answer = TypedAnswer("Depth", ("bids", "asks"), ("lastUpdateId", "timestamp"))

    def parse_levels(self, levels: Any) -> list[list[float]]:
        """[[price, amount], ...] as floats; a level that is not two numbers within the limits is left out."""
        if levels.__class__ is not list:
            return []
        try:
            parsed = [[float(level[0]), float(level[1])] for level in levels]
            # one sum shows a NaN, an infinity or a number beyond the limits (short of
            # huge numbers that cancel exactly, which are finite floats all the same)
            if -NUMBER_LIMIT < sum(chain.from_iterable(parsed)) < NUMBER_LIMIT:
                return parsed
        except (TypeError, ValueError, IndexError, KeyError, OverflowError):
            pass
        parsed = []
        for level in levels:
            if level.__class__ is list and len(level) > 1:
                price, amount = to_number(level[0]), to_number(level[1])
                if price is not None and amount is not None:
                    parsed.append([price, amount])
        return parsed

    def parse_ohlcv(self, ohlcv: Any, market: Market = None) -> list:
        """One Kline as [timestamp, open, high, low, close, volume]."""
        if ohlcv.__class__ is list:  # ccxt's own [timestamp, open, high, low, close, volume]
            values = (ohlcv + [None] * 6)[:6]
            return [ms_time(values[0])] + [to_number(value) for value in values[1:]]
        raw = ohlcv
        return [
            parse_iso(raw.get("start")),
            to_number(raw.get("open")),
            to_number(raw.get("high")),
            to_number(raw.get("low")),
            to_number(raw.get("close")),
            to_number(raw.get("volume")),
        ]

    @gc_paused
    def parse_ohlcvs(
        self,
        ohlcvs: Any,
        market: Market = None,
        timeframe: str = "1m",
        since: Int = None,
        limit: Int = None,
        tail: Bool = False,
    ) -> list[list]:
        """ccxt's parse_ohlcvs (sorted by time, filtered by since and limit), specialised."""
        if ohlcvs.__class__ is not list:
            return []
        candles = self.parse_ohlcv_rows(ohlcvs, market)
        # a candle must have its time (ccxt's validator requires it), and with `since` one from then
        # on: filter_since_limit's since filter (which leaves out a time of 0 too) in the same pass
        earliest = 0 if since is None else max(since, 1)
        candles = sort_by([candle for candle in candles if candle[0] is not None and candle[0] >= earliest], 0)
        return filter_by_limit(candles, limit, 0, since is not None, tail)

    @gc_paused
    def parse_ohlcv_rows(self, rows: list, market: Market = None) -> list[list]:
        """Rows of Kline as candles, fast: the usual row read inline; any other goes to
        parse_ohlcv, the reference (a row that is neither an object nor a list is left out)."""
        candles = []
        for raw in rows:
            try:
                r_f_open = raw.get("open")
                if r_f_open is None:
                    f_open: Any = None  # compared below all the same: None raises TypeError, a row that does not fit
                else:
                    f_open = float(r_f_open)
                    if r_f_open.__class__ is bool or not -NUMBER_LIMIT < f_open < NUMBER_LIMIT:
                        raise Unfit
                r_f_high = raw.get("high")
                if r_f_high is None:
                    f_high: Any = None  # compared below all the same: None raises TypeError, a row that does not fit
                else:
                    f_high = float(r_f_high)
                    if r_f_high.__class__ is bool or not -NUMBER_LIMIT < f_high < NUMBER_LIMIT:
                        raise Unfit
                r_f_low = raw.get("low")
                if r_f_low is None:
                    f_low: Any = None  # compared below all the same: None raises TypeError, a row that does not fit
                else:
                    f_low = float(r_f_low)
                    if r_f_low.__class__ is bool or not -NUMBER_LIMIT < f_low < NUMBER_LIMIT:
                        raise Unfit
                r_f_close = raw.get("close")
                if r_f_close is None:
                    f_close: Any = None  # compared below all the same: None raises TypeError, a row that does not fit
                else:
                    f_close = float(r_f_close)
                    if r_f_close.__class__ is bool or not -NUMBER_LIMIT < f_close < NUMBER_LIMIT:
                        raise Unfit
                r_f_volume = raw.get("volume")
                if r_f_volume is None:
                    f_volume: Any = None  # compared below all the same: None raises TypeError, a row that does not fit
                else:
                    f_volume = float(r_f_volume)
                    if r_f_volume.__class__ is bool or not -NUMBER_LIMIT < f_volume < NUMBER_LIMIT:
                        raise Unfit

                candles.append([parse_iso(raw.get("start")), f_open, f_high, f_low, f_close, f_volume])
            except (Unfit, AttributeError, TypeError, ValueError, OverflowError):
                if raw.__class__ is dict or raw.__class__ is list:
                    candles.append(self.parse_ohlcv(raw, market))
        return candles

    def parse_status(self, raw: dict) -> Status:
        """One StatusAndMessage as a ccxt status structure."""
        item = {
            "status": lookup(STATUS_SYSTEM, raw.get("status")),
            "updated": None,
            "eta": None,
            "url": None,
            "info": raw,
        }
        if item["status"] is None:
            raise malformed(item, ("status",), "StatusAndMessage")
        return item

    def parse_funding_rate(self, contract: dict, market: Market = None) -> FundingRate:
        """One MarkPrice as a ccxt funding rate."""
        raw = contract
        market = self.safe_market(to_string(raw.get("symbol")), market)

        timestamp = None
        funding_timestamp = ms_time(raw.get("nextFundingTimestamp"))
        next_funding_timestamp = ms_time(raw.get("nextFundingTimestamp"))
        previous_funding_timestamp = None
        item = {
            "info": raw,
            "symbol": market["symbol"],
            "markPrice": to_number(raw.get("markPrice")),
            "indexPrice": to_number(raw.get("indexPrice")),
            "interestRate": None,
            "estimatedSettlePrice": None,
            "timestamp": timestamp,
            "datetime": None,
            "fundingRate": to_number(raw.get("fundingRate")),
            "fundingTimestamp": funding_timestamp,
            "fundingDatetime": iso8601(funding_timestamp) if funding_timestamp is not None else None,
            "nextFundingRate": None,
            "nextFundingTimestamp": next_funding_timestamp,
            "nextFundingDatetime": iso8601(next_funding_timestamp) if next_funding_timestamp is not None else None,
            "previousFundingRate": None,
            "previousFundingTimestamp": previous_funding_timestamp,
            "previousFundingDatetime": None,
            "interval": ms_to_duration(dig(market, "info", "fundingInterval")),
        }
        if item["symbol"] is None:
            raise malformed(item, ("symbol",), "MarkPrice")
        return item

    def parse_funding_rate_history(self, info: dict, market: Market = None) -> FundingRateHistory:
        """One FundingIntervalRate as a ccxt funding rate history entry."""
        raw = info
        market = self.safe_market(to_string(raw.get("symbol")), market)

        timestamp = parse_iso(raw.get("intervalEndTimestamp"))
        item = {
            "info": raw,
            "symbol": market["symbol"],
            "fundingRate": to_number(raw.get("fundingRate")),
            "timestamp": timestamp,
            "datetime": iso8601(timestamp) if timestamp is not None else None,
        }
        if item["symbol"] is None or item["timestamp"] is None:
            raise malformed(item, ("symbol", "timestamp"), "FundingIntervalRate")
        return item

    def parse_open_interest(self, interest: dict, market: Market = None) -> OpenInterest:
        """One OpenInterest as a ccxt open interest structure."""
        raw = interest
        market = self.safe_market(to_string(raw.get("symbol")), market)

        timestamp = ms_time(raw.get("timestamp"))
        item = {
            "symbol": market["symbol"],
            "baseVolume": None,
            "quoteVolume": None,
            "openInterestAmount": to_number(raw.get("openInterest")),
            "openInterestValue": None,
            "timestamp": timestamp,
            "datetime": iso8601(timestamp) if timestamp is not None else None,
            "info": raw,
        }
        if item["symbol"] is None:
            raise malformed(item, ("symbol",), "OpenInterest")
        return item

    def parse_borrow_rate(self, info: dict, currency: Currency = None) -> CrossBorrowRate:
        """One BorrowLendMarket as a ccxt cross borrow rate."""
        raw = info
        code = self.safe_currency_code(to_string(raw.get("symbol")), currency)
        timestamp = parse_iso(raw.get("timestamp"))
        item = {
            "currency": code,
            "rate": to_number(raw.get("borrowInterestRate")),
            "period": 31536000000,
            "timestamp": timestamp,
            "datetime": iso8601(timestamp) if timestamp is not None else None,
            "info": raw,
        }
        if item["currency"] is None:
            raise malformed(item, ("currency",), "BorrowLendMarket")
        return item

    def page_reaches(self, page: list, since: int, parse: Callable[[dict, Any], dict]) -> bool:
        """True when the first or the last row of a page is older than `since`."""
        for raw in (page[0], page[-1]):
            if raw.__class__ is dict:
                try:
                    timestamp = parse(raw, None)["timestamp"]
                except MalformedItem:
                    continue
                if timestamp is not None and timestamp < since:
                    return True
        return False

    def parse_order(self, order: dict, market: Market = None) -> Order:
        """One Order as a ccxt order: the usual one read inline as parse_order_rows
        reads a row, any other by parse_order_reference (the generated tests compare the two)."""
        raw: Any = order  # JSON, read by the exceptions a value of another type raises (Unfit)
        given = market
        try:
            market = self.safe_market(to_string(raw.get("symbol")), given)

            r_f_id = raw.get("id")
            f_id = (
                r_f_id
                if r_f_id.__class__ is str and r_f_id or r_f_id is None
                else str(r_f_id) if r_f_id.__class__ is int else to_string(r_f_id)
            )
            r_f_clientOrderId = raw.get("clientId")
            f_clientOrderId = (
                r_f_clientOrderId
                if r_f_clientOrderId.__class__ is str and r_f_clientOrderId or r_f_clientOrderId is None
                else str(r_f_clientOrderId) if r_f_clientOrderId.__class__ is int else to_string(r_f_clientOrderId)
            )
            r_f_timestamp = raw.get("createdAt")
            f_timestamp = (
                r_f_timestamp
                if r_f_timestamp.__class__ is int and 0 <= r_f_timestamp < TIME_LIMIT
                else parse_time(r_f_timestamp)
            )
            r_f_status = raw.get("status")
            f_status = STATUS_ORDER.get(r_f_status, r_f_status)
            r_f_type = raw.get("orderType")
            f_type = STATUS_ORDER_TYPE.get(r_f_type, r_f_type)
            r_f_timeInForce = raw.get("timeInForce")
            f_timeInForce = (
                r_f_timeInForce
                if r_f_timeInForce.__class__ is str and r_f_timeInForce or r_f_timeInForce is None
                else str(r_f_timeInForce) if r_f_timeInForce.__class__ is int else to_string(r_f_timeInForce)
            )
            r_f_postOnly = raw.get("postOnly")
            f_postOnly = r_f_postOnly if r_f_postOnly.__class__ is bool else None
            r_f_reduceOnly = raw.get("reduceOnly")
            f_reduceOnly = r_f_reduceOnly if r_f_reduceOnly.__class__ is bool else None
            r_f_side = raw.get("side")
            f_side = STATUS_SIDE.get(r_f_side, r_f_side)
            r_f_price = raw.get("price")
            if r_f_price is None:
                f_price: Any = None
            else:
                f_price = float(r_f_price)
                if r_f_price.__class__ is bool:
                    raise Unfit
            r_f_triggerPrice = raw.get("triggerPrice")
            if r_f_triggerPrice is None:
                f_triggerPrice: Any = (
                    None  # compared below all the same: None raises TypeError, a row that does not fit
                )
            else:
                f_triggerPrice = float(r_f_triggerPrice)
                if r_f_triggerPrice.__class__ is bool or not -NUMBER_LIMIT < f_triggerPrice < NUMBER_LIMIT:
                    raise Unfit
            r_f_stopLossPrice = raw.get("stopLossTriggerPrice")
            if r_f_stopLossPrice is None:
                f_stopLossPrice: Any = (
                    None  # compared below all the same: None raises TypeError, a row that does not fit
                )
            else:
                f_stopLossPrice = float(r_f_stopLossPrice)
                if r_f_stopLossPrice.__class__ is bool or not -NUMBER_LIMIT < f_stopLossPrice < NUMBER_LIMIT:
                    raise Unfit
            r_f_takeProfitPrice = raw.get("takeProfitTriggerPrice")
            if r_f_takeProfitPrice is None:
                f_takeProfitPrice: Any = (
                    None  # compared below all the same: None raises TypeError, a row that does not fit
                )
            else:
                f_takeProfitPrice = float(r_f_takeProfitPrice)
                if r_f_takeProfitPrice.__class__ is bool or not -NUMBER_LIMIT < f_takeProfitPrice < NUMBER_LIMIT:
                    raise Unfit
            r_f_amount = raw["quantity"]
            f_amount = float(r_f_amount)
            if r_f_amount.__class__ is bool:
                raise Unfit
            r_f_filled = raw["executedQuantity"]
            f_filled = float(r_f_filled)
            if r_f_filled.__class__ is bool:
                raise Unfit
            r_f_cost = raw["executedQuoteQuantity"]
            f_cost = float(r_f_cost)
            if r_f_cost.__class__ is bool:
                raise Unfit

            # each within its range, checked once here (fast_reads' `ranged`); an order without an amount,
            # filled or cost does not fit (fast_reads' `present`: a KeyError or TypeError)
            if not (
                0 < f_amount < NUMBER_LIMIT
                and 0 <= f_filled < NUMBER_LIMIT
                and 0 <= f_cost < NUMBER_LIMIT
                and (f_price is None or 0 <= f_price < NUMBER_LIMIT)
            ):
                raise Unfit
            if not f_filled and r_f_filled != "0" and not plain_zero(r_f_filled):
                raise Unfit
            if not f_cost and r_f_cost != "0" and not plain_zero(r_f_cost):
                raise Unfit
            if f_price == 0 and not plain_zero(r_f_price) or market.get("inverse"):
                raise Unfit
            if f_filled:
                remaining, average = filled_numbers(r_f_amount, r_f_filled, r_f_cost, market)
            else:
                remaining, average = f_amount, None
            order_type = f_type
            price = f_price or (average if order_type == "market" else None)
            trigger, stop_loss, take_profit = f_triggerPrice, f_stopLossPrice, f_takeProfitPrice
            time_in_force, post_only = f_timeInForce, f_postOnly
            if time_in_force is None or post_only is None:
                time_in_force, post_only = order_flags(
                    time_in_force,
                    post_only,
                    order_type,
                    trigger is not None or stop_loss is not None or take_profit is not None,
                )
            timestamp = f_timestamp
            item = {
                "id": f_id,
                "clientOrderId": f_clientOrderId,
                "timestamp": timestamp,
                "datetime": iso8601(timestamp) if timestamp is not None else None,
                "lastTradeTimestamp": None,
                "lastUpdateTimestamp": None,
                "symbol": market["symbol"],
                "type": order_type,
                "timeInForce": time_in_force,
                "postOnly": post_only,
                "reduceOnly": f_reduceOnly,
                "side": f_side,
                "price": price,
                "triggerPrice": trigger,
                "stopLossPrice": stop_loss,
                "takeProfitPrice": take_profit,
                "amount": f_amount,
                "cost": f_cost,
                "average": average,
                "filled": f_filled,
                "remaining": remaining,
                "status": f_status,
                "fee": None,
                "trades": [],
                "fees": [],
                "stopPrice": trigger,
                "info": raw,
            }
            if item["id"] is None or item["symbol"] is None:
                raise Unfit
        except (Unfit, LookupError, AttributeError, TypeError, ValueError, OverflowError):
            return self.parse_order_reference(raw, given)
        return item

    def parse_order_reference(self, order: dict, market: Market = None) -> Order:
        """One Order as a ccxt order; derived numbers exactly as ccxt's safe_order has them."""
        raw = order
        market = self.safe_market(to_string(raw.get("symbol")), market)

        item = finish_order(
            self,
            {
                "id": to_string(raw.get("id")),
                "clientOrderId": to_string(raw.get("clientId")),
                "timestamp": parse_time(raw.get("createdAt")),
                "datetime": None,
                "lastTradeTimestamp": None,
                "lastUpdateTimestamp": None,
                "symbol": market["symbol"],
                "type": lookup(STATUS_ORDER_TYPE, raw.get("orderType")),
                "timeInForce": to_string(raw.get("timeInForce")),
                "postOnly": to_bool(raw.get("postOnly")),
                "reduceOnly": to_bool(raw.get("reduceOnly")),
                "side": lookup(STATUS_SIDE, raw.get("side")),
                "price": to_string(raw.get("price")),
                "triggerPrice": to_string(raw.get("triggerPrice")),
                "stopLossPrice": to_string(raw.get("stopLossTriggerPrice")),
                "takeProfitPrice": to_string(raw.get("takeProfitTriggerPrice")),
                "amount": to_string(first_nonzero(raw.get("quantity"), raw.get("triggerQuantity"))),
                "cost": to_string(raw.get("executedQuoteQuantity")),
                "average": None,
                "filled": to_string(raw.get("executedQuantity")),
                "remaining": None,
                "status": lookup(STATUS_ORDER, raw.get("status")),
                "fee": None,
                "trades": None,
                "fees": None,
                "stopPrice": None,
                "info": raw,
            },
            market,
        )
        if item["id"] is None or item["symbol"] is None:
            raise malformed(item, ("id", "symbol"), "Order")
        return item

    @gc_paused
    def parse_order_rows(self, rows: list, market: Market = None) -> list[Order]:
        """Rows of Order as ccxt orders, fast: see fast_loop in the templates. The usual
        order is built as parse_order builds it (order_fast_item in the templates); any other is
        Unfit, and parse_order_reference (safe_order) completes it."""
        given = market
        markets: dict = {}  # market id -> market: each looked up once
        items = []
        for raw in rows:
            try:
                market_id = raw.get("symbol")
                market = markets.get(market_id)
                if market is None:
                    market = markets[market_id] = self.safe_market(to_string(market_id), given)
                r_f_id = raw.get("id")
                f_id = (
                    r_f_id
                    if r_f_id.__class__ is str and r_f_id or r_f_id is None
                    else str(r_f_id) if r_f_id.__class__ is int else to_string(r_f_id)
                )
                r_f_clientOrderId = raw.get("clientId")
                f_clientOrderId = (
                    r_f_clientOrderId
                    if r_f_clientOrderId.__class__ is str and r_f_clientOrderId or r_f_clientOrderId is None
                    else str(r_f_clientOrderId) if r_f_clientOrderId.__class__ is int else to_string(r_f_clientOrderId)
                )
                r_f_timestamp = raw.get("createdAt")
                f_timestamp = (
                    r_f_timestamp
                    if r_f_timestamp.__class__ is int and 0 <= r_f_timestamp < TIME_LIMIT
                    else parse_time(r_f_timestamp)
                )
                r_f_status = raw.get("status")
                f_status = STATUS_ORDER.get(r_f_status, r_f_status)
                r_f_type = raw.get("orderType")
                f_type = STATUS_ORDER_TYPE.get(r_f_type, r_f_type)
                r_f_timeInForce = raw.get("timeInForce")
                f_timeInForce = (
                    r_f_timeInForce
                    if r_f_timeInForce.__class__ is str and r_f_timeInForce or r_f_timeInForce is None
                    else str(r_f_timeInForce) if r_f_timeInForce.__class__ is int else to_string(r_f_timeInForce)
                )
                r_f_postOnly = raw.get("postOnly")
                f_postOnly = r_f_postOnly if r_f_postOnly.__class__ is bool else None
                r_f_reduceOnly = raw.get("reduceOnly")
                f_reduceOnly = r_f_reduceOnly if r_f_reduceOnly.__class__ is bool else None
                r_f_side = raw.get("side")
                f_side = STATUS_SIDE.get(r_f_side, r_f_side)
                r_f_price = raw.get("price")
                if r_f_price is None:
                    f_price: Any = None
                else:
                    f_price = float(r_f_price)
                    if r_f_price.__class__ is bool:
                        raise Unfit
                r_f_triggerPrice = raw.get("triggerPrice")
                if r_f_triggerPrice is None:
                    f_triggerPrice: Any = (
                        None  # compared below all the same: None raises TypeError, a row that does not fit
                    )
                else:
                    f_triggerPrice = float(r_f_triggerPrice)
                    if r_f_triggerPrice.__class__ is bool or not -NUMBER_LIMIT < f_triggerPrice < NUMBER_LIMIT:
                        raise Unfit
                r_f_stopLossPrice = raw.get("stopLossTriggerPrice")
                if r_f_stopLossPrice is None:
                    f_stopLossPrice: Any = (
                        None  # compared below all the same: None raises TypeError, a row that does not fit
                    )
                else:
                    f_stopLossPrice = float(r_f_stopLossPrice)
                    if r_f_stopLossPrice.__class__ is bool or not -NUMBER_LIMIT < f_stopLossPrice < NUMBER_LIMIT:
                        raise Unfit
                r_f_takeProfitPrice = raw.get("takeProfitTriggerPrice")
                if r_f_takeProfitPrice is None:
                    f_takeProfitPrice: Any = (
                        None  # compared below all the same: None raises TypeError, a row that does not fit
                    )
                else:
                    f_takeProfitPrice = float(r_f_takeProfitPrice)
                    if r_f_takeProfitPrice.__class__ is bool or not -NUMBER_LIMIT < f_takeProfitPrice < NUMBER_LIMIT:
                        raise Unfit
                r_f_amount = raw["quantity"]
                f_amount = float(r_f_amount)
                if r_f_amount.__class__ is bool:
                    raise Unfit
                r_f_filled = raw["executedQuantity"]
                f_filled = float(r_f_filled)
                if r_f_filled.__class__ is bool:
                    raise Unfit
                r_f_cost = raw["executedQuoteQuantity"]
                f_cost = float(r_f_cost)
                if r_f_cost.__class__ is bool:
                    raise Unfit

                # each within its range, checked once here (fast_reads' `ranged`); an order without an amount,
                # filled or cost does not fit (fast_reads' `present`: a KeyError or TypeError)
                if not (
                    0 < f_amount < NUMBER_LIMIT
                    and 0 <= f_filled < NUMBER_LIMIT
                    and 0 <= f_cost < NUMBER_LIMIT
                    and (f_price is None or 0 <= f_price < NUMBER_LIMIT)
                ):
                    raise Unfit
                if not f_filled and r_f_filled != "0" and not plain_zero(r_f_filled):
                    raise Unfit
                if not f_cost and r_f_cost != "0" and not plain_zero(r_f_cost):
                    raise Unfit
                if f_price == 0 and not plain_zero(r_f_price) or market.get("inverse"):
                    raise Unfit
                if f_filled:
                    remaining, average = filled_numbers(r_f_amount, r_f_filled, r_f_cost, market)
                else:
                    remaining, average = f_amount, None
                order_type = f_type
                price = f_price or (average if order_type == "market" else None)
                trigger, stop_loss, take_profit = f_triggerPrice, f_stopLossPrice, f_takeProfitPrice
                time_in_force, post_only = f_timeInForce, f_postOnly
                if time_in_force is None or post_only is None:
                    time_in_force, post_only = order_flags(
                        time_in_force,
                        post_only,
                        order_type,
                        trigger is not None or stop_loss is not None or take_profit is not None,
                    )
                timestamp = f_timestamp
                item = {
                    "id": f_id,
                    "clientOrderId": f_clientOrderId,
                    "timestamp": timestamp,
                    "datetime": iso8601(timestamp) if timestamp is not None else None,
                    "lastTradeTimestamp": None,
                    "lastUpdateTimestamp": None,
                    "symbol": market["symbol"],
                    "type": order_type,
                    "timeInForce": time_in_force,
                    "postOnly": post_only,
                    "reduceOnly": f_reduceOnly,
                    "side": f_side,
                    "price": price,
                    "triggerPrice": trigger,
                    "stopLossPrice": stop_loss,
                    "takeProfitPrice": take_profit,
                    "amount": f_amount,
                    "cost": f_cost,
                    "average": average,
                    "filled": f_filled,
                    "remaining": remaining,
                    "status": f_status,
                    "fee": None,
                    "trades": [],
                    "fees": [],
                    "stopPrice": trigger,
                    "info": raw,
                }

                if item["id"] is None or item["symbol"] is None:
                    raise Unfit
                items.append(item)
            except (Unfit, LookupError, AttributeError, TypeError, ValueError, OverflowError):
                if raw.__class__ is dict:
                    try:
                        items.append(self.parse_order_reference(raw, given))
                    except MalformedItem:
                        continue
        return items

    @gc_paused
    def parse_orders(
        self, orders: list, market: Market = None, since: Int = None, limit: Int = None, params: dict = {}
    ) -> list[Order]:
        """ccxt's parse_orders (sorted by timestamp, filtered by symbol, since, limit), specialised."""
        if orders.__class__ is not list:
            return super().parse_orders(orders, market, since, limit, params)
        items = self.parse_order_rows(orders, market)
        if params:
            items = [self.extend(item, params) for item in items]
        return filter_since_limit(
            sort_by(items, "timestamp"), "symbol", market["symbol"] if market else None, since, limit
        )

    def parse_balance(self, response: Any) -> Balances:
        """Dispatch on the shape: spot, collateral."""
        if "collateral" in response:
            return self.parse_balance_collateral(response, None)
        return self.parse_balance_spot(response, None)

    def parse_balance_spot(self, response: Any, _: Any = None) -> Balances:
        """Balance as a ccxt balance: free, used and total per currency. The usual
        row is read inline; any other goes to balance_row_spot, the reference (the tests compare
        both)."""
        result = {"info": response, "timestamp": None, "datetime": None}
        free_all: dict = {}
        used_all: dict = {}
        total_all: dict = {}
        codes = self.currency_codes()
        free: Any  # Decimals read inline, then floats (the reference's floats where a row does not fit)
        used: Any
        total: Any
        for currency_id, raw in (response.items() if response.__class__ is dict else ()):
            try:
                r_free = raw.get("available")
                if r_free.__class__ is not str:
                    raise Unfit
                free = Decimal(r_free)
                if not free.is_finite() or free and not -EXPONENT_LIMIT <= free.adjusted() < EXPONENT_LIMIT:
                    raise Unfit
                r_used_1 = raw.get("locked")
                if r_used_1.__class__ is not str:
                    raise Unfit
                used_1 = Decimal(r_used_1)
                if not used_1.is_finite() or used_1 and not -EXPONENT_LIMIT <= used_1.adjusted() < EXPONENT_LIMIT:
                    raise Unfit
                r_used_2 = raw.get("staked")
                if r_used_2.__class__ is not str:
                    raise Unfit
                used_2 = Decimal(r_used_2)
                if not used_2.is_finite() or used_2 and not -EXPONENT_LIMIT <= used_2.adjusted() < EXPONENT_LIMIT:
                    raise Unfit
                used = EXACT.add(used_1, used_2)
                total = free + used
                free, used, total = float(r_free), float(used), float(total)
                code = codes.get(currency_id) if currency_id else None
                if code is None:  # a currency not met yet: the reference looks its code up
                    raise Unfit
            except (Unfit, AttributeError, TypeError, ValueError, ArithmeticError):
                row = self.balance_row_spot(raw, currency_id)
                if row is None:
                    continue
                code, free, used, total = row
            result[code] = {"free": free, "used": used, "total": total}
            free_all[code], used_all[code], total_all[code] = free, used, total
        result["free"], result["used"], result["total"] = free_all, used_all, total_all
        return result

    def balance_row_spot(self, raw: Any, currency_id: Str = None) -> tuple | None:
        """One currency of Balance: (code, free, used, total) as floats, derived as
        ccxt's safe_balance does; None for a row that does not tell what there is."""
        if raw.__class__ is not dict or not currency_id:
            return None
        free, used, total = balance_numbers(
            decimal_of(raw.get("available")), decimal_sum(raw.get("locked"), raw.get("staked")), None
        )
        if total is None:
            return None
        return self.safe_currency_code(currency_id), free, used, total

    def parse_balance_collateral(self, response: Any, _: Any = None) -> Balances:
        """MarginAccountSummary as a ccxt balance: free, used and total per currency. The usual
        row is read inline; any other goes to balance_row_collateral, the reference (the tests compare
        both)."""
        result = {"info": response, "timestamp": None, "datetime": None}
        free_all: dict = {}
        used_all: dict = {}
        total_all: dict = {}
        codes = self.currency_codes()
        free: Any  # Decimals read inline, then floats (the reference's floats where a row does not fit)
        used: Any
        total: Any
        rows = response.get("collateral") if response.__class__ is dict else None
        for raw in rows if rows.__class__ is list else []:
            try:
                currency_id = raw.get("symbol")
                r_free = raw.get("availableQuantity")
                if r_free.__class__ is not str:
                    raise Unfit
                free = Decimal(r_free)
                if not free.is_finite() or free and not -EXPONENT_LIMIT <= free.adjusted() < EXPONENT_LIMIT:
                    raise Unfit
                r_used_1 = raw.get("openOrderQuantity")
                if r_used_1.__class__ is not str:
                    raise Unfit
                used_1 = Decimal(r_used_1)
                if not used_1.is_finite() or used_1 and not -EXPONENT_LIMIT <= used_1.adjusted() < EXPONENT_LIMIT:
                    raise Unfit
                r_used_2 = raw.get("lendQuantity")
                if r_used_2.__class__ is not str:
                    raise Unfit
                used_2 = Decimal(r_used_2)
                if not used_2.is_finite() or used_2 and not -EXPONENT_LIMIT <= used_2.adjusted() < EXPONENT_LIMIT:
                    raise Unfit
                used = EXACT.add(used_1, used_2)
                r_total = raw.get("totalQuantity")
                if r_total.__class__ is not str:
                    raise Unfit
                total = Decimal(r_total)
                if not total.is_finite() or total and not -EXPONENT_LIMIT <= total.adjusted() < EXPONENT_LIMIT:
                    raise Unfit
                free, used, total = float(r_free), float(used), float(r_total)
                code = codes.get(currency_id) if currency_id else None
                if code is None:  # a currency not met yet: the reference looks its code up
                    raise Unfit
            except (Unfit, AttributeError, TypeError, ValueError, ArithmeticError):
                row = self.balance_row_collateral(raw)
                if row is None:
                    continue
                code, free, used, total = row
            result[code] = {"free": free, "used": used, "total": total}
            free_all[code], used_all[code], total_all[code] = free, used, total
        result["free"], result["used"], result["total"] = free_all, used_all, total_all
        return result

    def balance_row_collateral(self, raw: Any, currency_id: Str = None) -> tuple | None:
        """One currency of MarginAccountSummary: (code, free, used, total) as floats, derived as
        ccxt's safe_balance does; None for a row that does not tell what there is."""
        currency_id = to_string(raw.get("symbol")) if raw.__class__ is dict else None
        if raw.__class__ is not dict or not currency_id:
            return None
        free, used, total = balance_numbers(
            decimal_of(raw.get("availableQuantity")),
            decimal_sum(raw.get("openOrderQuantity"), raw.get("lendQuantity")),
            decimal_of(raw.get("totalQuantity")),
        )
        if total is None:
            return None
        return self.safe_currency_code(currency_id), free, used, total

    def parse_transaction(self, transaction: dict, currency: Currency = None) -> Transaction:
        """Dispatch on the shape of the transaction: deposit, withdrawal."""
        if "source" in transaction:
            return self.parse_transaction_deposit(transaction, currency)
        if "blockchain" in transaction:
            return self.parse_transaction_withdrawal(transaction, currency)
        return self.parse_transaction_withdrawal(transaction, currency)

    def parse_transaction_deposit(self, raw: dict, currency: Currency = None) -> Transaction:
        """One Deposit as a ccxt transaction."""
        code = self.safe_currency_code(to_string(raw.get("symbol")), currency)
        timestamp = parse_iso(raw.get("createdAt"))
        fee_cost = None
        item = {
            "info": raw,
            "id": to_string(raw.get("id")),
            "txid": to_string(raw.get("transactionHash")),
            "timestamp": timestamp,
            "datetime": iso8601(timestamp) if timestamp is not None else None,
            "network": self.network_code(to_string(raw.get("source"))),
            "address": to_string(raw.get("toAddress")),
            "addressTo": to_string(raw.get("toAddress")),
            "addressFrom": to_string(raw.get("fromAddress")),
            "tag": to_string(raw.get("platformMemo")),
            "tagTo": None,
            "tagFrom": None,
            "type": "deposit",
            "amount": to_number(raw.get("quantity")),
            "currency": code,
            "status": lookup(STATUS_DEPOSIT, raw.get("status")),
            "updated": None,
            "internal": or_default(lookup(TRANSACTION_DEPOSIT_INTERNAL, raw.get("source"), None), False),
            "comment": None,
            "fee": {"currency": code, "cost": fee_cost},
        }
        if item["id"] is None or item["currency"] is None:
            raise malformed(item, ("id", "currency"), "Deposit")
        return item

    def parse_transaction_withdrawal(self, raw: dict, currency: Currency = None) -> Transaction:
        """One Withdrawal as a ccxt transaction."""
        code = self.safe_currency_code(to_string(raw.get("symbol")), currency)
        timestamp = parse_iso(raw.get("createdAt"))
        fee_cost = to_number(raw.get("fee"))
        item = {
            "info": raw,
            "id": to_string(raw.get("id")),
            "txid": to_string(raw.get("transactionHash")),
            "timestamp": timestamp,
            "datetime": iso8601(timestamp) if timestamp is not None else None,
            "network": self.network_code(to_string(raw.get("blockchain"))),
            "address": to_string(raw.get("toAddress")),
            "addressTo": to_string(raw.get("toAddress")),
            "addressFrom": None,
            "tag": None,
            "tagTo": None,
            "tagFrom": None,
            "type": "withdrawal",
            "amount": to_number(raw.get("quantity")),
            "currency": code,
            "status": lookup(STATUS_WITHDRAWAL, raw.get("status")),
            "updated": None,
            "internal": to_bool(raw.get("isInternal")),
            "comment": to_string(raw.get("clientId")),
            "fee": {"currency": code, "cost": fee_cost},
        }
        if item["id"] is None or item["currency"] is None:
            raise malformed(item, ("id", "currency"), "Withdrawal")
        return item

    def parse_deposit_address(
        self, deposit_address: dict, currency: Currency = None, network: Str = None
    ) -> DepositAddress:
        """One DepositAddress as a ccxt deposit address."""
        raw = deposit_address
        address = to_string(raw.get("address"))
        self.check_address(address)
        item = {
            "info": raw,
            "currency": currency["code"] if currency else None,
            "network": network,
            "address": address,
            "tag": None,
        }
        if item["address"] is None:
            raise malformed(item, ("address",), "DepositAddress")
        return item

    def parse_leverage(self, leverage: dict, market: Market = None) -> Leverage:
        """One AccountSummary as a ccxt leverage structure."""
        raw = leverage
        return {
            "info": raw,
            "symbol": market["symbol"] if market else None,
            "marginMode": "cross",
            "longLeverage": to_number(raw.get("leverageLimit")),
            "shortLeverage": to_number(raw.get("leverageLimit")),
        }

    # --- networks ----------------------------------------------------------

    def network_code(self, network_id: Str) -> Str:
        """An exchange network id, in any letter case, as ccxt's network code (unknown ids pass through)."""
        if network_id is None:
            return None
        by_id = self.options.get("networksById") or {}
        code = by_id.get(network_id)
        if code is None:
            lowered = {key.lower(): value for key, value in by_id.items()}
            code = lowered.get(network_id.lower(), network_id)
        return code

    def network_request_id(self, code: str, params: dict) -> str:
        """The exchange id of params['network'] (a ccxt network code), or of the currency's only network."""
        network = params.get("network") or params.get("networkCode")
        currency = (self.currencies or {}).get(code) or {}
        networks = currency.get("networks") or {}
        choices = ", ".join(networks) if networks else "see fetchCurrencies()"
        if network is None:
            if len(networks) != 1:
                raise ArgumentsRequired(f"{self.id} needs params['network'] for {code}: one of {choices}")
            network = next(iter(networks))
        elif (
            networks and network not in networks and not any(entry.get("id") == network for entry in networks.values())
        ):
            raise BadRequest(f"{self.id} {code} has no network {network!r}: one of {choices}")
        return self.network_code_to_id(network, code)

    def parse_position(self, position: dict, market: Market = None) -> Position:
        """Dispatch on the shape: live, history."""
        if "positionId" in position:
            return self.parse_position_live(position, market)
        if "openedAt" in position:
            return self.parse_position_history(position, market)
        return self.parse_position_history(position, market)

    def parse_position_live(self, raw: dict, market: Market = None) -> Position:
        """One FuturePositionWithMargin as a ccxt position."""
        market = self.safe_market(to_string(raw.get("symbol")), market)

        timestamp = None
        item = finish_position(
            self,
            {
                "info": raw,
                "id": to_string(raw.get("positionId")),
                "symbol": market["symbol"],
                "timestamp": timestamp,
                "datetime": None,
                "lastUpdateTimestamp": None,
                "initialMargin": None,
                "initialMarginPercentage": to_string(raw.get("imf")),
                "maintenanceMargin": None,
                "maintenanceMarginPercentage": to_string(raw.get("mmf")),
                "entryPrice": to_string(raw.get("entryPrice")),
                "notional": None,
                "leverage": None,
                "unrealizedPnl": to_string(raw.get("pnlUnrealized")),
                "realizedPnl": to_string(raw.get("pnlRealized")),
                "contracts": abs_text(raw.get("netQuantity")),
                "contractSize": market.get("contractSize"),
                "marginRatio": None,
                "liquidationPrice": nonzero_text(raw.get("estLiquidationPrice")),
                "markPrice": to_string(raw.get("markPrice")),
                "lastPrice": None,
                "collateral": None,
                "marginMode": "cross",
                "side": sign_of(raw.get("netQuantity"), "long", "short"),
                "percentage": None,
                "stopLossPrice": None,
                "takeProfitPrice": None,
                "hedged": False,
            },
        )
        if item["symbol"] is None or item["contracts"] is None:
            raise malformed(item, ("symbol", "contracts"), "FuturePositionWithMargin")
        return item

    def parse_position_history(self, raw: dict, market: Market = None) -> Position:
        """One PositionHistoryRow as a ccxt position."""
        market = self.safe_market(to_string(raw.get("symbol")), market)

        timestamp = parse_iso(raw.get("openedAt"))
        item = finish_position(
            self,
            {
                "info": raw,
                "id": to_string(raw.get("id")),
                "symbol": market["symbol"],
                "timestamp": timestamp,
                "datetime": iso8601(timestamp) if timestamp is not None else None,
                "lastUpdateTimestamp": parse_iso(raw.get("closedAt")),
                "initialMargin": None,
                "initialMarginPercentage": to_string(raw.get("imf")),
                "maintenanceMargin": None,
                "maintenanceMarginPercentage": None,
                "entryPrice": to_string(raw.get("entryPrice")),
                "notional": None,
                "leverage": to_string(raw.get("accountLeverage")),
                "unrealizedPnl": to_string(raw.get("unrealizedPnl")),
                "realizedPnl": to_string(raw.get("cumulativePnlRealized")),
                "contracts": abs_text(nonzero_text(first_nonzero(raw.get("netQuantity"), raw.get("closedVolume")))),
                "contractSize": market.get("contractSize"),
                "marginRatio": None,
                "liquidationPrice": None,
                "markPrice": to_string(raw.get("markPrice")),
                "lastPrice": to_string(raw.get("closingPrice")),
                "collateral": None,
                "marginMode": "cross",
                "side": sign_of(raw.get("netQuantity"), "long", "short"),
                "percentage": None,
                "stopLossPrice": None,
                "takeProfitPrice": None,
                "hedged": False,
            },
        )
        if item["symbol"] is None:
            raise malformed(item, ("symbol",), "PositionHistoryRow")
        return item

    def parse_funding_history(self, contract: dict, market: Market = None) -> FundingHistory:
        """One FundingPayment as a ccxt funding history entry (in the market's settle currency)."""
        raw = contract
        market = self.safe_market(to_string(raw.get("symbol")), market)

        timestamp = parse_iso(raw.get("intervalEndTimestamp"))
        item = {
            "info": raw,
            "symbol": market["symbol"],
            "code": market.get("settle"),
            "timestamp": timestamp,
            "datetime": iso8601(timestamp) if timestamp is not None else None,
            "id": None,
            "amount": to_number(raw.get("quantity")),
            "rate": to_number(raw.get("fundingRate")),
        }
        if item["symbol"] is None or item["amount"] is None:
            raise malformed(item, ("symbol", "amount"), "FundingPayment")
        return item

    def parse_borrow_interest(self, info: dict, market: Market = None) -> BorrowInterest:
        """One InterestPayment as a ccxt borrow interest entry."""
        raw = info
        timestamp = parse_iso(raw.get("timestamp"))
        item = {
            "info": raw,
            "account": market["symbol"] if market else None,
            "symbol": market["symbol"] if market else None,
            "currency": self.safe_currency_code(to_string(raw.get("symbol"))),
            "interest": to_number(abs_text(raw.get("quantity"))),
            "interestRate": to_number(raw.get("interestRate")),
            "amountBorrowed": None,
            "marginMode": "cross",
            "timestamp": timestamp,
            "datetime": iso8601(timestamp) if timestamp is not None else None,
        }
        if item["currency"] is None:
            raise malformed(item, ("currency",), "InterestPayment")
        return item

    def parse_settlement(self, settlement: dict, market: Market = None) -> dict:
        """One Settlement as a ccxt settlement (its amounts stay in info)."""
        raw = settlement
        timestamp = parse_iso(raw.get("timestamp"))
        return {
            "info": raw,
            "symbol": market["symbol"] if market else None,
            "price": None,
            "timestamp": timestamp,
            "datetime": iso8601(timestamp) if timestamp is not None else None,
        }

    def parse_ledger_entry(self, item: dict, currency: Currency = None) -> LedgerEntry:
        """Dispatch on the shape: deposit, withdrawal, interest, settlement."""
        return self.parse_ledger_entry_settlement(item, currency)

    def parse_ledger_entry_deposit(self, raw: dict, currency: Currency = None) -> LedgerEntry:
        """One Deposit as a ccxt ledger entry."""
        code = self.safe_currency_code(to_string(raw.get("symbol")), currency)
        timestamp = parse_iso(raw.get("createdAt"))
        fee_cost = None
        item = {
            "info": raw,
            "id": to_string(raw.get("id")),
            "timestamp": timestamp,
            "datetime": iso8601(timestamp) if timestamp is not None else None,
            "direction": "in",
            "account": None,
            "referenceId": to_string(raw.get("transactionHash")),
            "referenceAccount": None,
            "type": "transaction",
            "currency": code,
            "amount": to_number(raw.get("quantity")),
            "before": None,
            "after": None,
            "status": lookup(STATUS_DEPOSIT, raw.get("status")),
            "fee": {"currency": code, "cost": fee_cost},
        }
        if item["currency"] is None or item["amount"] is None:
            raise malformed(item, ("currency", "amount"), "Deposit")
        return item

    def parse_ledger_entry_withdrawal(self, raw: dict, currency: Currency = None) -> LedgerEntry:
        """One Withdrawal as a ccxt ledger entry."""
        code = self.safe_currency_code(to_string(raw.get("symbol")), currency)
        timestamp = parse_iso(raw.get("createdAt"))
        fee_cost = to_number(raw.get("fee"))
        item = {
            "info": raw,
            "id": to_string(raw.get("id")),
            "timestamp": timestamp,
            "datetime": iso8601(timestamp) if timestamp is not None else None,
            "direction": "out",
            "account": None,
            "referenceId": to_string(raw.get("transactionHash")),
            "referenceAccount": None,
            "type": "transaction",
            "currency": code,
            "amount": to_number(raw.get("quantity")),
            "before": None,
            "after": None,
            "status": lookup(STATUS_WITHDRAWAL, raw.get("status")),
            "fee": {"currency": code, "cost": fee_cost},
        }
        if item["currency"] is None or item["amount"] is None:
            raise malformed(item, ("currency", "amount"), "Withdrawal")
        return item

    def parse_ledger_entry_interest(self, raw: dict, currency: Currency = None) -> LedgerEntry:
        """One InterestPayment as a ccxt ledger entry."""
        code = self.safe_currency_code(to_string(raw.get("symbol")), currency)
        timestamp = parse_iso(raw.get("timestamp"))
        fee_cost = None
        item = {
            "info": raw,
            "id": None,
            "timestamp": timestamp,
            "datetime": iso8601(timestamp) if timestamp is not None else None,
            "direction": sign_of(raw.get("quantity"), "in", "out"),
            "account": None,
            "referenceId": to_string(raw.get("positionId")),
            "referenceAccount": None,
            "type": "margin",
            "currency": code,
            "amount": to_number(abs_text(raw.get("quantity"))),
            "before": None,
            "after": None,
            "status": "ok",
            "fee": {"currency": code, "cost": fee_cost},
        }
        if item["currency"] is None or item["amount"] is None:
            raise malformed(item, ("currency", "amount"), "InterestPayment")
        return item

    def parse_ledger_entry_settlement(self, raw: dict, currency: Currency = None) -> LedgerEntry:
        """One Settlement as a ccxt ledger entry."""
        code = "USDC"
        timestamp = parse_iso(raw.get("timestamp"))
        fee_cost = None
        item = {
            "info": raw,
            "id": to_string(raw.get("engineSequence")),
            "timestamp": timestamp,
            "datetime": iso8601(timestamp) if timestamp is not None else None,
            "direction": sign_of(raw.get("quantity"), "in", "out"),
            "account": None,
            "referenceId": to_string(raw.get("positionId")),
            "referenceAccount": None,
            "type": lookup(STATUS_SETTLEMENT_LEDGER_TYPE, raw.get("source"), "trade"),
            "currency": code,
            "amount": to_number(abs_text(raw.get("quantity"))),
            "before": None,
            "after": None,
            "status": "ok",
            "fee": {"currency": code, "cost": fee_cost},
        }
        if item["amount"] is None:
            raise malformed(item, ("amount",), "Settlement")
        return item

    # --- order requests: ccxt's order arguments -> the API's parameters ---------

    def as_placed(self, order: Order, params: dict) -> Order:
        """An order just placed, its trigger price also under the name the caller gave it
        (stopLossPrice or takeProfitPrice): the API shows a trigger order's price, but not
        whether it stops a loss or takes a profit, so only the caller's words can say."""
        for name in ("stopLossPrice", "takeProfitPrice"):
            if params.get(name) is not None and order.get(name) is None:
                order[name] = order.get("triggerPrice")
        return order

    def create_order_request(
        self, symbol: str, type: OrderType, side: OrderSide, amount: Num, price: Num = None, params: dict = {}
    ) -> dict:
        """The request of one order. Every argument is checked before anything is sent:
        an unknown symbol is BadSymbol, a limit order without a price ArgumentsRequired,
        a price, amount, cost or trigger price that is not a positive number, an amount
        off the market's limits or an unknown option InvalidOrder."""
        market = self.market(symbol)
        params = dict(params)
        request = {
            "symbol": market["id"],
            "side": self.order_value(ORDER_SIDE, side, "side"),
            "orderType": self.order_value(ORDER_TYPE, type, "type"),
        }
        # ccxt's triggerPrice (or stopPrice), and its stopLossPrice and takeProfitPrice: an order
        # that waits for the price, the last two to close a position (reduce-only on contracts)
        triggers = (
            {}
            if params.keys().isdisjoint(TRIGGER_PRICES)
            else {key: params.pop(key) for key in TRIGGER_PRICES if params.get(key) is not None}
        )
        if len(triggers) > 1:
            raise InvalidOrder(
                f"{self.id} createOrder() takes one of triggerPrice, stopPrice, stopLossPrice and takeProfitPrice; got {', '.join(triggers)}"
            )
        trigger_name, trigger_price = next(iter(triggers.items()), ("triggerPrice", None))
        closing = trigger_name in ("stopLossPrice", "takeProfitPrice")
        if type == "limit":
            if price is None:
                raise ArgumentsRequired(self.id + " createOrder() needs a price for a limit order on " + symbol)
            request["price"] = self.order_price(symbol, price, "price")
        cost = params.pop("cost", None)
        if type == "market" and cost is not None:
            self.check_amount("createOrder", "cost", cost, InvalidOrder)
            if market["precision"]["price"] is None:
                raise InvalidOrder(f"{self.id} createOrder() {symbol} has no price precision to round the cost to")
            request["quoteQuantity"] = self.cost_to_precision(symbol, cost)
        else:
            request["triggerQuantity" if trigger_price is not None else "quantity"] = self.checked_amount(
                market, amount
            )
        if trigger_price is not None:
            request["triggerPrice"] = self.order_price(symbol, trigger_price, trigger_name)
            trigger_type = params.pop("triggerPriceType", None)
            if trigger_type is not None:
                request["triggerBy"] = self.order_value(ORDER_TRIGGER_PRICE_TYPE, trigger_type, "triggerPriceType")
        time_in_force = params.pop("timeInForce", None)
        post_only = params.pop("postOnly", None)
        if time_in_force is not None and str(time_in_force).upper() == "PO":
            time_in_force, post_only = None, True
        if time_in_force is not None:
            request["timeInForce"] = self.order_value(ORDER_TIME_IN_FORCE, str(time_in_force).upper(), "timeInForce")
        if self.order_flag(post_only, "postOnly"):
            if type == "market":
                raise InvalidOrder(self.id + " createOrder() a market order cannot be post-only")
            request["postOnly"] = True
        reduce_only = self.order_flag(params.pop("reduceOnly", None), "reduceOnly")
        if reduce_only is None and closing and market["contract"]:
            reduce_only = True
        if reduce_only is not None:
            request["reduceOnly"] = reduce_only
        client_order_id = params.pop("clientOrderId", None)
        if client_order_id is not None:
            request["clientId"] = self.client_order_id_value(client_order_id)
        self_trade_prevention = params.pop("selfTradePrevention", None)
        if self_trade_prevention is not None:
            request["selfTradePrevention"] = self.order_value(
                ORDER_SELF_TRADE_PREVENTION, self_trade_prevention, "selfTradePrevention"
            )
        take_profit = params.pop("takeProfit", None)
        if take_profit is not None:
            if not isinstance(take_profit, dict):
                take_profit = {"triggerPrice": take_profit}
            if take_profit.get("triggerPrice") is None:
                raise ArgumentsRequired(self.id + " createOrder() takeProfit needs a triggerPrice")
            request["takeProfitTriggerPrice"] = self.order_price(
                symbol, take_profit["triggerPrice"], "takeProfit.triggerPrice"
            )
            if take_profit.get("price") is not None:
                request["takeProfitLimitPrice"] = self.order_price(symbol, take_profit["price"], "takeProfit.price")
            if take_profit.get("triggerPriceType") is not None:
                request["takeProfitTriggerBy"] = self.order_value(
                    ORDER_TAKE_PROFIT_TRIGGER_PRICE_TYPE, take_profit["triggerPriceType"], "takeProfit.triggerPriceType"
                )
        stop_loss = params.pop("stopLoss", None)
        if stop_loss is not None:
            if not isinstance(stop_loss, dict):
                stop_loss = {"triggerPrice": stop_loss}
            if stop_loss.get("triggerPrice") is None:
                raise ArgumentsRequired(self.id + " createOrder() stopLoss needs a triggerPrice")
            request["stopLossTriggerPrice"] = self.order_price(
                symbol, stop_loss["triggerPrice"], "stopLoss.triggerPrice"
            )
            if stop_loss.get("price") is not None:
                request["stopLossLimitPrice"] = self.order_price(symbol, stop_loss["price"], "stopLoss.price")
            if stop_loss.get("triggerPriceType") is not None:
                request["stopLossTriggerBy"] = self.order_value(
                    ORDER_STOP_LOSS_TRIGGER_PRICE_TYPE, stop_loss["triggerPriceType"], "stopLoss.triggerPriceType"
                )
        margin_mode = params.pop("marginMode", None)
        if margin_mode is not None and margin_mode != "cross":
            raise NotSupported(f"{self.id} createOrder() trades in cross margin only; got marginMode {margin_mode!r}")
        if params:  # what is left: the API's own options
            request.update(self.order_extras(params))
        return request

    def order_extras(self, params: dict) -> dict:
        """The API's own order options in params (auto-borrow flags, ...), each checked.

        Anything else raises BadRequest naming it: a param the API does not know would
        otherwise be sent as it is, and one that names an argument would bypass its checks.
        """
        extras = {}
        for key, value in params.items():
            kind = ORDER_EXTRAS.get(key)
            if kind is None:
                argument = ORDER_FIELDS.get(key)
                if argument is not None:
                    raise BadRequest(
                        f"{self.id} createOrder() params['{key}'] is the API's name of {argument}: pass {argument} instead, so that it is checked"
                    )
                known = ", ".join(sorted(UNIFIED_ORDER_PARAMS + tuple(ORDER_EXTRAS)))
                raise BadRequest(f"{self.id} createOrder() does not know params['{key}']; it knows {known}")
            extras[key] = self.order_extra(key, kind, value)
        return extras

    def order_extra(self, key: str, kind: str | list[str], value: Any) -> Any:
        if kind == "boolean":
            return self.order_flag(value, key)
        if kind == "decimal":
            return self.check_amount("createOrder", key, value, InvalidOrder)
        if kind == "integer" and value.__class__ is int:
            return value
        if kind == "string" and value.__class__ is str:
            return value
        if kind.__class__ is list and value in kind:
            return value
        expected = "one of " + ", ".join(kind) if kind.__class__ is list else f"a{'n' if kind[0] == 'i' else ''} {kind}"
        raise InvalidOrder(f"{self.id} createOrder() params['{key}'] must be {expected}; got {value!r}")

    def order_flag(self, value: Any, name: str) -> bool | None:
        """A yes/no order option: True, False or None; anything else (a "false" text) is InvalidOrder."""
        if value is None or value.__class__ is bool:
            return value
        raise InvalidOrder(f"{self.id} createOrder() {name} must be True or False; got {value!r}")

    def order_value(self, table: dict, value: Any, name: str) -> Any:
        """The API's value for a ccxt order option, or InvalidOrder naming the accepted ones."""
        try:
            return table[value]
        except (KeyError, TypeError):
            accepted = ", ".join(map(str, table))
            raise InvalidOrder(f"{self.id} createOrder() {name} must be one of {accepted}; got {value!r}") from None

    def order_price(self, symbol: str, price: Any, name: str) -> str:
        """A price at the market's precision, or InvalidOrder when it is not a positive number."""
        self.check_amount("createOrder", name, price, InvalidOrder)
        if self.markets[symbol]["precision"]["price"] is None:
            raise InvalidOrder(f"{self.id} createOrder() {symbol} has no price precision to round {name} to")
        tick = self.markets[symbol]["precision"]["price"]
        text = tick_text(price, tick, ROUND_HALF_UP, self.precisionMode, self.paddingMode) or self.price_to_precision(
            symbol, price
        )
        if not float(text):
            raise InvalidOrder(f"{self.id} createOrder() {name} {price} rounds to 0 at the price precision of {symbol}")
        return text

    def checked_amount(self, market: dict, amount: Any) -> str:
        """The amount at the market's precision, or InvalidOrder when it is off the market's limits."""
        self.check_amount("createOrder", "amount", amount, InvalidOrder)
        if market["precision"]["amount"] is None:
            raise InvalidOrder(
                f"{self.id} createOrder() {market['symbol']} has no amount precision to round the amount to"
            )
        tick = market["precision"]["amount"]
        text = tick_text(amount, tick, ROUND_DOWN, self.precisionMode, self.paddingMode) or self.amount_to_precision(
            market["symbol"], amount
        )
        if not float(text):
            raise InvalidOrder(
                f"{self.id} createOrder() amount {amount} rounds to 0 at the amount precision of {market['symbol']}"
            )
        limits = market["limits"]["amount"]
        if limits["min"] is not None and float(text) < limits["min"]:
            raise InvalidOrder(
                f"{self.id} createOrder() amount {amount} is below the minimum {limits['min']} of {market['symbol']}"
            )
        if limits["max"] is not None and float(text) > limits["max"]:
            raise InvalidOrder(
                f"{self.id} createOrder() amount {amount} is above the maximum {limits['max']} of {market['symbol']}"
            )
        return text

    def client_order_id_value(self, client_order_id: Any) -> int:
        """A clientOrderId as the API's unsigned 32-bit integer."""
        text = str(client_order_id)
        if client_order_id.__class__ is bool or not (text.isascii() and text.isdecimal()) or int(text) >= 2**32:
            raise InvalidOrder(
                f"{self.id} clientOrderId must be an integer from 0 to 4294967295; got {client_order_id!r}"
            )
        return int(text)
