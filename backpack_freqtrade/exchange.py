"""freqtrade's Exchange subclass for Backpack Exchange, on the generated ccxt_backpack classes.

freqtrade picks an exchange class by name (``exchange.name: backpack`` -> ``freqtrade.exchange.Backpack``);
``backpack_freqtrade.register()`` puts this class there and makes ``ccxt.backpack``/``ccxt.pro.backpack``
the generated classes. Without it freqtrade falls back to its generic class, which knows spot only.

What Backpack needs that freqtrade's generic class does not do:

- futures in cross margin: Backpack has one margin mode, cross, over the whole account;
- one leverage limit for the whole account (``PATCH /api/v1/account {leverageLimit}``), not one per
  market: the bot raises it when a trade needs more and never lowers it (see ``_set_leverage``);
- margin per position from the market's ``imfFunction``/``mmfFunction`` (no leverage tiers endpoint):
  ``get_max_leverage``, the maintenance ratio and a dry-run cross liquidation price use them;
- tickers without bid/ask: ``fetch_ticker`` takes them from the top of the order book;
- futures balances that do not show the margin in use: ``get_balances`` moves the collateral
  summary's ``netEquityLocked`` from free to used;
- stop-loss on the exchange as a trigger order (ccxt's ``stopLossPrice``; reduce-only on perps),
  read back through ``stopPrice`` (the trigger price);
- RFQ markets (``BASE.RFQ/QUOTE``) are not for order-book trading.
"""

from __future__ import annotations

import logging
import math
from typing import Any

import ccxt
from freqtrade.enums import TRADE_MODES, MarginMode, PriceType, TradingMode
from freqtrade.exceptions import DDosProtection, OperationalException, TemporaryError
from freqtrade.exchange import Exchange
from freqtrade.exchange.common import retrier
from freqtrade.exchange.exchange_types import CcxtBalances, FtHas, Ticker

logger = logging.getLogger(__name__)


def margin_fraction(function: dict | None, notional: float) -> float | None:
    """Backpack's margin fraction for a position of `notional` (quote): its imf/mmf function.

    Type ``sqrt`` is ``base + factor * sqrt(notional)`` (Backpack's documentation calls the formula
    roughly that; the simulator uses it); another type gives its base; none or a malformed one, None.
    """
    if not isinstance(function, dict):
        return None
    try:
        base = float(function["base"])
        factor = float(function.get("factor") or 0)
    except (KeyError, TypeError, ValueError):
        return None
    if not (math.isfinite(base) and math.isfinite(factor)) or base <= 0:
        return None
    if function.get("type", "sqrt") != "sqrt":
        return base
    return base + factor * math.sqrt(max(notional, 0.0))


class Backpack(Exchange):
    """Backpack Exchange: spot, and USDC-margined perpetuals in cross margin."""

    _ft_has: FtHas = {
        # klines: at most 1000 candles per request (the adapter says so in features too)
        "ohlcv_candle_limit": 1000,
        "order_time_in_force": ["GTC", "IOC", "FOK", "PO"],
        # GET /api/v1/tickers and /ticker carry no bid/ask (fetch_ticker below fills them in)
        "tickers_have_bid_ask": False,
        # GET /api/v1/depth accepts these limits only (the adapter rounds up anyway)
        "l2_limit_range": [5, 10, 20, 50, 100, 500, 1000],
        "trades_limit": 1000,
        # Stop-loss on the exchange: a trigger order, placed with ccxt's unified stopLossPrice.
        # A trigger order read back from the exchange has its price in stopPrice/triggerPrice only:
        # Backpack does not say whether a trigger is a stop or a take-profit (createOrder's answer
        # has stopLossPrice too, from the request).
        "stoploss_on_exchange": True,
        "stop_price_param": "stopLossPrice",
        "stop_price_prop": "stopPrice",
        "stoploss_order_types": {"limit": "limit", "market": "market"},
        # spot: a trigger order locks nothing until it fires, but then needs the coins: freqtrade
        # cancels it before it places another exit order (the safe default)
        "stoploss_blocks_assets": True,
        "mark_ohlcv_price": "mark",
        "mark_ohlcv_timeframe": "1h",
        "funding_fee_timeframe": "1h",
    }
    _ft_has_futures: FtHas = {
        # a perp stop-loss is reduce-only: it cannot open a position, so other exits may rest beside it
        "stoploss_blocks_assets": False,
        "stop_price_type_field": "triggerPriceType",
        "stop_price_type_value_mapping": {
            PriceType.LAST: "last",
            PriceType.MARK: "mark",
            PriceType.INDEX: "index",
        },
        # no leverage tiers: margin follows each market's imf/mmf functions (get_max_leverage below)
        "uses_leverage_tiers": False,
        # /capital is the plain wallet: unrealized PnL is not in "total"
        "balance_includes_unrealized_pnl": False,
    }

    _supported_trading_mode_margin_pairs: list[tuple[TradingMode, MarginMode]] = [
        (TradingMode.SPOT, MarginMode.NONE),
        (TradingMode.FUTURES, MarginMode.CROSS),
    ]

    # setLeverage with a symbol sets the account-wide limit: this class means exactly that
    _ccxt_params: dict = {"options": {"accountWideLeverage": "allow"}}

    def additional_exchange_init(self) -> None:
        """Live futures: say what the account's leverage limit is, and that the bot may raise it."""
        if self.trading_mode != TradingMode.FUTURES or self._config["dry_run"]:
            return
        try:
            limit = self._read_leverage_limit(None)
        except ccxt.BaseError as e:  # not fatal: the first entry reads it again
            logger.warning(f"Could not read the Backpack account's leverage limit: {e.__class__.__name__} {e}")
            return
        logger.info(
            f"Backpack account leverage limit: {limit} (one limit for every market; "
            "the bot raises it when a trade needs more, and never lowers it)."
        )

    # --- markets -------------------------------------------------------------------------------

    def market_is_tradable(self, market: dict[str, Any]) -> bool:
        # RFQ markets (BASE.RFQ/QUOTE) trade through requests for quotes, not the order book
        if (market.get("info") or {}).get("marketType") == "RFQ":
            return False
        return super().market_is_tradable(market)

    # --- prices --------------------------------------------------------------------------------

    def fetch_ticker(self, pair: str) -> Ticker:
        """The ticker, with bid/ask (and their volumes) from the top of the book.

        Backpack's ticker has no bid/ask; freqtrade prices entries and exits from them unless
        entry_pricing/exit_pricing use the order book. One more request (depth 5) per ticker.
        """
        ticker = super().fetch_ticker(pair)
        if ticker.get("bid") is None or ticker.get("ask") is None:
            book = self.fetch_l2_order_book(pair, 5)
            if book.get("bids"):
                ticker["bid"], ticker["bidVolume"] = book["bids"][0][0], book["bids"][0][1]
            if book.get("asks"):
                ticker["ask"], ticker["askVolume"] = book["asks"][0][0], book["asks"][0][1]
        return ticker

    # --- balances ------------------------------------------------------------------------------

    def get_balances(self, params: dict | None = None) -> CcxtBalances:
        """Spot: the wallet. Futures: the wallet, with the margin in use moved from free to used.

        Backpack keeps perp margin as cross collateral: /capital shows the stake currency all free
        while positions and resting perp orders hold margin. freqtrade takes free as what it can
        still stake, so the collateral summary's netEquityLocked is counted as used (in the stake
        currency, which is what freqtrade trades with).
        """
        if self.trading_mode != TradingMode.FUTURES:
            return super().get_balances(params)
        return self._get_margin_balances(params)

    @retrier
    def _get_margin_balances(self, params: dict | None) -> CcxtBalances:
        try:
            balances = self._api.fetch_balance({"type": "margin", **(params or {})})
        except ccxt.DDoSProtection as e:
            raise DDosProtection(e) from e
        except (ccxt.OperationFailed, ccxt.ExchangeError) as e:
            raise TemporaryError(f"Could not get balance due to {e.__class__.__name__}. Message: {e}") from e
        except ccxt.BaseError as e:
            raise OperationalException(e) from e
        summary = balances.get("info") or {}
        for key in ("info", "free", "total", "used", "timestamp", "datetime"):
            balances.pop(key, None)
        stake = self._config.get("stake_currency")
        locked = _float(summary.get("netEquityLocked"))
        wallet = balances.get(stake)
        if locked and isinstance(wallet, dict) and wallet.get("total") is not None:
            total = float(wallet["total"])
            used = min(total, float(wallet.get("used") or 0.0) + locked)
            balances[stake] = {**wallet, "used": used, "free": max(total - used, 0.0)}
        self._log_exchange_response("fetch_balance", balances, add_info=params)
        return balances

    # --- leverage and margin -------------------------------------------------------------------

    def _market_margin_functions(self, pair: str) -> tuple[dict | None, dict | None]:
        info = (self.markets.get(pair) or {}).get("info") or {}
        return info.get("imfFunction"), info.get("mmfFunction")

    def get_max_leverage(self, pair: str, stake_amount: float | None) -> float:
        """The highest leverage L at which a position of stake_amount * L fits the market's imf.

        Backpack asks an initial margin fraction imf(notional) that grows with the notional, so
        the largest position for a stake is where L * imf(stake * L) = 1. The market's maximum
        (1 / imf base) caps it.
        """
        if self.trading_mode != TradingMode.FUTURES:
            return 1.0
        if stake_amount is None:
            raise OperationalException(f"{self.name}.get_max_leverage requires argument stake_amount")
        market = self.markets.get(pair) or {}
        market_max = ((market.get("limits") or {}).get("leverage") or {}).get("max") or 1.0
        imf, _ = self._market_margin_functions(pair)
        if imf is None or stake_amount <= 0:
            return float(market_max)

        def fits(leverage: float) -> bool:
            fraction = margin_fraction(imf, stake_amount * leverage)
            return fraction is not None and leverage * fraction <= 1.0

        if fits(market_max):
            return float(market_max)
        if not fits(1.0):
            return 1.0
        low, high = 1.0, float(market_max)
        for _ in range(40):
            middle = (low + high) / 2
            low, high = (middle, high) if fits(middle) else (low, middle)
        return math.floor(low * 100) / 100

    def get_maintenance_ratio_and_amt(self, pair: str, notional_value: float) -> tuple[float, float | None]:
        """Backpack's maintenance margin fraction for this notional (mmfFunction), no fixed amount."""
        _, mmf = self._market_margin_functions(pair)
        fraction = margin_fraction(mmf, notional_value)
        if fraction is None:
            return super().get_maintenance_ratio_and_amt(pair, notional_value)
        return fraction, 0.0

    def dry_run_liquidation_price(
        self,
        pair: str,
        open_rate: float,
        is_short: bool,
        amount: float,
        stake_amount: float,
        leverage: float,
        wallet_balance: float,
        open_trades: list,
    ) -> float | None:
        """Cross margin: the price at which the account's equity meets its maintenance margin.

        equity = wallet_balance + PnL of this position + PnL of the others
        maintenance = mmf(notional) * notional of this position + that of the others
        Solved for this position's price, the others held at their mark price (open rate when
        backtesting, where nothing may be fetched).
        """
        if self.trading_mode != TradingMode.FUTURES or self.margin_mode != MarginMode.CROSS:
            raise OperationalException("Freqtrade supports Backpack futures in cross margin only")
        others = [trade for trade in open_trades if trade.pair != pair]
        marks: dict[str, float] = {}
        if others and self._config.get("runmode") in TRADE_MODES:
            try:
                rates = self._api.fetch_funding_rates([trade.pair for trade in others])
                marks = {symbol: rate["markPrice"] for symbol, rate in rates.items() if rate.get("markPrice")}
            except ccxt.BaseError as e:
                logger.debug(f"No mark prices for the liquidation price ({e.__class__.__name__}): open rates used")
        others_pnl = others_maintenance = 0.0
        for trade in others:
            mark = marks.get(trade.pair, trade.open_rate)
            direction = -1 if trade.is_short else 1
            others_pnl += direction * trade.amount * (mark - trade.open_rate)
            ratio, _ = self.get_maintenance_ratio_and_amt(trade.pair, trade.amount * mark)
            others_maintenance += ratio * trade.amount * mark
        ratio, _ = self.get_maintenance_ratio_and_amt(pair, amount * open_rate)
        side = -1 if is_short else 1
        # wallet + others_pnl + side * amount * (P - open) = ratio * amount * P + others_maintenance
        denominator = amount * (ratio - side)
        if amount <= 0 or denominator == 0:
            return None
        price = (wallet_balance + others_pnl - others_maintenance - side * amount * open_rate) / denominator
        return max(price, 0.0)

    def _read_leverage_limit(self, pair: str | None) -> float | None:
        """The account's leverage limit (GET /api/v1/account), read each time: it can change outside the bot."""
        symbol = pair or next(
            (symbol for symbol, market in self.markets.items() if self.market_is_future(market)), None
        )
        if symbol is None:
            return None
        leverage = self._api.fetch_leverage(symbol)
        value = leverage.get("longLeverage") or leverage.get("shortLeverage")
        return float(value) if value else None

    @retrier
    def _set_leverage(self, leverage: float, pair: str | None = None, accept_fail: bool = False):
        """Make the account's leverage limit cover `leverage`, raising it if needed, never lowering it.

        Backpack has one leverage limit for the whole account: every position's initial margin is
        notional / min(limit, market maximum). freqtrade calls this before every entry with that
        trade's leverage; setting the limit to each trade's leverage would change the margin of
        every other open position (and a lower limit can be refused while positions are open).
        So the limit only goes up, to the highest leverage the bot has used: a trade at a lower
        leverage then holds less margin on the exchange than freqtrade's stake, which is safe.
        The limit is read before each entry (one request; someone may have changed it) and set
        only when it is too low.
        """
        if self._config["dry_run"] or self.trading_mode != TradingMode.FUTURES:
            return
        try:
            current = self._read_leverage_limit(pair)
            if current is not None and leverage <= current:
                return
            result = self._api.set_leverage(leverage, pair)
            self._log_exchange_response("set_leverage", result)
            logger.info(f"Backpack account leverage limit set to {leverage} (from {current}).")
        except ccxt.DDoSProtection as e:
            raise DDosProtection(e) from e
        except (ccxt.BadRequest, ccxt.OperationRejected, ccxt.InsufficientFunds) as e:
            if not accept_fail:
                raise TemporaryError(f"Could not set leverage due to {e.__class__.__name__}. Message: {e}") from e
        except (ccxt.OperationFailed, ccxt.ExchangeError) as e:
            raise TemporaryError(f"Could not set leverage due to {e.__class__.__name__}. Message: {e}") from e
        except ccxt.BaseError as e:
            raise OperationalException(e) from e

    def set_margin_mode(
        self, pair: str, margin_mode: MarginMode, accept_fail: bool = False, params: dict | None = None
    ):
        """Nothing to set: Backpack's margin is cross, always (validate_config refuses isolated)."""


def _float(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
