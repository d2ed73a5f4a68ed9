"""Static market and asset definitions, and order price/quantity validation (§7)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .decimals import ONE, ROUND_UP, fmt, has_extra_decimals, is_multiple, scale_of
from .errors import ApiError

D = Decimal

# Trading fee rates: spot 8/10 bps maker/taker, contracts (perps, dated futures) 2/5 bps.
SPOT_MAKER_FEE = D("0.0008")
SPOT_TAKER_FEE = D("0.001")
PERP_MAKER_FEE = D("0.0002")
PERP_TAKER_FEE = D("0.0005")


@dataclass
class TokenSpec:
    """One network an asset can be deposited on and withdrawn to (a `tokens` entry of /assets)."""

    blockchain: str  # a value of the reference's Blockchain enum
    native_decimals: int
    withdrawal_fee: Decimal
    minimum_withdrawal: Decimal
    minimum_deposit: Decimal
    contract_address: str | None = None  # None for the chain's native coin
    deposit_enabled: bool = True
    withdraw_enabled: bool = True
    maximum_withdrawal: Decimal | None = None


@dataclass
class AssetSpec:
    symbol: str
    display_name: str
    coingecko_id: str
    decimals: int  # precision used for balances and fees
    collateral_weight: Decimal
    tokens: list[TokenSpec]  # the first one is the asset's primary network

    @property
    def step(self) -> Decimal:
        return D(1).scaleb(-self.decimals)

    def token(self, blockchain: str) -> TokenSpec | None:
        for token in self.tokens:
            if token.blockchain == blockchain:
                return token
        return None

    @property
    def primary(self) -> TokenSpec:
        return self.tokens[0]

    # the primary network's figures (deposits without a network, /account/limits/withdrawal)
    @property
    def blockchain(self) -> str:
        return self.primary.blockchain

    @property
    def withdrawal_fee(self) -> Decimal:
        return self.primary.withdrawal_fee

    @property
    def minimum_withdrawal(self) -> Decimal:
        return self.primary.minimum_withdrawal

    @property
    def minimum_deposit(self) -> Decimal:
        return self.primary.minimum_deposit

    @property
    def contract_address(self) -> str | None:
        return self.primary.contract_address


def _t(blockchain, native_decimals, fee, minimum_withdrawal, minimum_deposit, contract=None) -> TokenSpec:
    return TokenSpec(blockchain, native_decimals, D(fee), D(minimum_withdrawal), D(minimum_deposit), contract)


# Real contract addresses; fees and minimums are in the range Backpack charges (the
# reference has one USDT/Solana sample: fee 0.7, minimum withdrawal 1.4, minimum deposit 0.7).
ASSETS: dict[str, AssetSpec] = {
    a.symbol: a
    for a in [
        AssetSpec(
            "USDC",
            "USD Coin",
            "usd-coin",
            6,
            D("1"),
            [
                _t("Solana", 6, "1", "5", "0.5", "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"),
                _t("Ethereum", 6, "3", "10", "5", "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"),
                _t("Arbitrum", 6, "0.5", "2", "1", "0xaf88d065e77c8cC2239327C5EDb3A432268e5831"),
                _t("Base", 6, "0.5", "2", "1", "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"),
                _t("Polygon", 6, "0.5", "2", "1", "0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359"),
            ],
        ),
        AssetSpec(
            "USDT",
            "Tether",
            "tether",
            6,
            D("0.95"),
            [
                _t("Solana", 6, "0.7", "1.4", "0.7", "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB"),
                _t("Ethereum", 6, "4", "10", "5", "0xdAC17F958D2ee523a2206206994597C13D831ec7"),
                _t("Tron", 6, "1.5", "5", "1", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"),
                _t("Bsc", 18, "0.5", "2", "1", "0x55d398326f99059fF775485246999027B3197955"),
            ],
        ),
        AssetSpec("SOL", "Solana", "solana", 8, D("0.85"), [_t("Solana", 9, "0.01", "0.02", "0.01")]),
        AssetSpec("BTC", "Bitcoin", "bitcoin", 8, D("0.9"), [_t("Bitcoin", 8, "0.00005", "0.0001", "0.0001")]),
        AssetSpec(
            "ETH",
            "Ethereum",
            "ethereum",
            8,
            D("0.9"),
            [
                _t("Ethereum", 18, "0.002", "0.004", "0.001"),
                _t("Arbitrum", 18, "0.0002", "0.001", "0.0005"),
                _t("Base", 18, "0.0002", "0.001", "0.0005"),
            ],
        ),
        AssetSpec(
            "JUP",
            "Jupiter",
            "jupiter-exchange-solana",
            6,
            D("0.6"),
            [_t("Solana", 6, "1", "2", "1", "JUPyiwrYJFskUPiHa7hkeR8VUtAeFoSYbKedZNsDvCN")],
        ),
        AssetSpec(
            "BONK",
            "Bonk",
            "bonk",
            5,
            D("0.5"),
            [_t("Solana", 5, "50000", "100000", "50000", "DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263")],
        ),
        AssetSpec(
            "WIF",
            "dogwifhat",
            "dogwifcoin",
            6,
            D("0.5"),
            [_t("Solana", 6, "0.5", "1", "0.5", "EKpQGSJtjMFqKZ9KQanSqYXRcF8fBopzLHYxdM65zcjm")],
        ),
        AssetSpec(
            "PYTH",
            "Pyth Network",
            "pyth-network",
            6,
            D("0.5"),
            [_t("Solana", 6, "5", "10", "5", "HZ1JovNiVvGrGNiiYvEozEVgZ58xaU3RKwX8eACQBCt3")],
        ),
        # the asset of the dated future: listed, on no network, worth nothing as collateral
        AssetSpec("BTCD122726", "BTC Dated Future 27 Dec 2026", "", 4, D("0"), []),
    ]
}


def blockchains() -> list[str]:
    """Every network some asset lists, in first-listed order."""
    chains: list[str] = []
    for asset in ASSETS.values():
        for token in asset.tokens:
            if token.blockchain not in chains:
                chains.append(token.blockchain)
    return chains


@dataclass
class MarketSpec:
    symbol: str
    base: str
    quote: str
    market_type: str  # SPOT, PERP or DATED
    initial_price: Decimal
    tick_size: Decimal
    step_size: Decimal
    min_quantity: Decimal
    max_quantity: Decimal | None = None
    min_price: Decimal = D("0.01")
    max_price: Decimal | None = None
    min_multiplier: Decimal = D("0.75")  # limit price band relative to the reference price
    max_multiplier: Decimal = D("1.25")
    min_impact_multiplier: Decimal = D("0.97")  # how far a market order may sweep
    max_impact_multiplier: Decimal = D("1.03")
    volatility: float = 0.0004  # per-tick log-return sigma of the reference walk
    mm_level_quantity: Decimal = D("10")  # market-maker size per level (base units)
    noise_unit: Decimal | None = None  # noise trades are 1..20 of these (default: min_quantity)
    funding_interval_ms: int = 3_600_000
    open_interest_limit: Decimal = D("0")
    imf: dict = field(default_factory=lambda: {"base": "0.02", "factor": "0.00006", "type": "sqrt"})
    mmf: dict = field(default_factory=lambda: {"base": "0.0125", "factor": "0.000036", "type": "sqrt"})
    created_at: str = "2025-01-21T06:34:54.691858"

    @property
    def is_contract(self) -> bool:
        """Traded as positions settled in the quote: perpetual and dated futures."""
        return self.market_type in ("PERP", "DATED")

    @property
    def has_funding(self) -> bool:
        return self.market_type == "PERP"

    def fee_rate(self, is_maker: bool) -> Decimal:
        if self.is_contract:
            return PERP_MAKER_FEE if is_maker else PERP_TAKER_FEE
        return SPOT_MAKER_FEE if is_maker else SPOT_TAKER_FEE

    def fee_asset(self, is_bid: bool) -> str:
        """Contracts pay fees in USDC; spot pays them in the asset the order receives."""
        if self.is_contract:
            return "USDC"
        return self.base if is_bid else self.quote

    def trading_fee(self, is_bid: bool, is_maker: bool, price: Decimal, quantity: Decimal) -> Decimal:
        """The fee of one fill, rounded up to the fee asset's decimals."""
        charged_on = quantity if is_bid and not self.is_contract else price * quantity
        asset = self.fee_asset(is_bid)
        decimals = ASSETS[asset].decimals if asset in ASSETS else (8 if is_bid else 6)
        return (charged_on * self.fee_rate(is_maker)).quantize(ONE.scaleb(-decimals), rounding=ROUND_UP)

    @property
    def price_scale(self) -> int:
        return scale_of(self.tick_size)

    @property
    def quantity_scale(self) -> int:
        return scale_of(self.step_size)

    def to_json(self) -> dict:
        price_filter = {
            "minPrice": fmt(self.min_price),
            "maxPrice": fmt(self.max_price) if self.max_price is not None else None,
            "tickSize": fmt(self.tick_size),
            "maxMultiplier": fmt(self.max_multiplier),
            "minMultiplier": fmt(self.min_multiplier),
            "maxImpactMultiplier": fmt(self.max_impact_multiplier),
            "minImpactMultiplier": fmt(self.min_impact_multiplier),
            "meanMarkPriceBand": {"maxMultiplier": "1.1", "minMultiplier": "0.9"} if self.is_contract else None,
            "meanPremiumBand": {"tolerancePct": "0.05"} if self.is_contract else None,
            "borrowEntryFeeMaxMultiplier": None if self.is_contract else "1.1",
            "borrowEntryFeeMinMultiplier": None if self.is_contract else "0.9",
        }
        return {
            "symbol": self.symbol,
            "baseSymbol": self.base,
            "quoteSymbol": self.quote,
            "marketType": self.market_type,
            "filters": {
                "price": price_filter,
                "quantity": {
                    "minQuantity": fmt(self.min_quantity),
                    "maxQuantity": fmt(self.max_quantity) if self.max_quantity is not None else None,
                    "stepSize": fmt(self.step_size),
                },
            },
            "imfFunction": dict(self.imf) if self.is_contract else None,
            "mmfFunction": dict(self.mmf) if self.is_contract else None,
            "fundingInterval": self.funding_interval_ms if self.has_funding else None,
            "fundingRateUpperBound": "100" if self.has_funding else None,
            "fundingRateLowerBound": "-100" if self.has_funding else None,
            "openInterestLimit": fmt(self.open_interest_limit),
            "orderBookState": "Open",
            "createdAt": self.created_at,
            "visible": True,
            "positionLimitWeight": "1" if self.is_contract else None,
        }


def default_markets() -> list[MarketSpec]:
    """8 spot and 5 perp markets. Level sizes are about 6,000 USDC a level near the mid."""
    perp_oi = D("5000000")
    small = D("0.000000001")
    return [
        MarketSpec(
            "SOL_USDC",
            "SOL",
            "USDC",
            "SPOT",
            D("150.00"),
            D("0.01"),
            D("0.01"),
            D("0.01"),
            max_quantity=D("1000000"),
            mm_level_quantity=D("40"),
        ),
        MarketSpec(
            "BTC_USDC",
            "BTC",
            "USDC",
            "SPOT",
            D("100000.0"),
            D("0.1"),
            D("0.00001"),
            D("0.00001"),
            max_quantity=D("1000"),
            mm_level_quantity=D("0.06"),
        ),
        MarketSpec(
            "ETH_USDC",
            "ETH",
            "USDC",
            "SPOT",
            D("3500.00"),
            D("0.01"),
            D("0.0001"),
            D("0.0001"),
            max_quantity=D("100000"),
            mm_level_quantity=D("1.5"),
        ),
        MarketSpec(
            "USDT_USDC",
            "USDT",
            "USDC",
            "SPOT",
            D("1.0001"),
            D("0.0001"),
            D("0.01"),
            D("0.01"),
            max_quantity=D("100000000"),
            min_price=D("0.0001"),
            min_multiplier=D("0.95"),
            max_multiplier=D("1.05"),
            min_impact_multiplier=D("0.99"),
            max_impact_multiplier=D("1.01"),
            volatility=0.00002,
            mm_level_quantity=D("6000"),
            noise_unit=D("10"),
        ),
        MarketSpec(
            "JUP_USDC",
            "JUP",
            "USDC",
            "SPOT",
            D("0.8500"),
            D("0.0001"),
            D("0.1"),
            D("0.1"),
            max_quantity=D("100000000"),
            min_price=D("0.0001"),
            mm_level_quantity=D("7000"),
            noise_unit=D("5"),
        ),
        MarketSpec(
            "BONK_USDC",
            "BONK",
            "USDC",
            "SPOT",
            D("0.000020000"),
            small,
            D("1"),
            D("1"),
            max_quantity=D("1000000000000"),
            min_price=small,
            volatility=0.0006,
            mm_level_quantity=D("300000000"),
            noise_unit=D("200000"),
        ),
        MarketSpec(
            "WIF_USDC",
            "WIF",
            "USDC",
            "SPOT",
            D("1.5000"),
            D("0.0001"),
            D("0.1"),
            D("0.1"),
            max_quantity=D("100000000"),
            min_price=D("0.0001"),
            volatility=0.0006,
            mm_level_quantity=D("4000"),
            noise_unit=D("3"),
        ),
        MarketSpec(
            "PYTH_USDC",
            "PYTH",
            "USDC",
            "SPOT",
            D("0.15000"),
            D("0.00001"),
            D("1"),
            D("1"),
            max_quantity=D("100000000"),
            min_price=D("0.00001"),
            mm_level_quantity=D("40000"),
            noise_unit=D("30"),
        ),
        MarketSpec(
            "SOL_USDC_PERP",
            "SOL",
            "USDC",
            "PERP",
            D("150.00"),
            D("0.01"),
            D("0.01"),
            D("0.01"),
            max_quantity=D("1000000"),
            mm_level_quantity=D("40"),
            open_interest_limit=perp_oi,
        ),
        MarketSpec(
            "BTC_USDC_PERP",
            "BTC",
            "USDC",
            "PERP",
            D("100000.0"),
            D("0.1"),
            D("0.0001"),
            D("0.0001"),
            max_quantity=D("1000"),
            mm_level_quantity=D("0.06"),
            open_interest_limit=perp_oi,
        ),
        # a dated future (MarketType DATED): positions like a perp, no funding, and, as in
        # the API, no expiry field; its ticker names the day as MMDDYY (backpack-api.md §3, §6)
        MarketSpec(
            "BTCD122726_USDC",
            "BTCD122726",
            "USDC",
            "DATED",
            D("101000.0"),
            D("0.1"),
            D("0.0001"),
            D("0.0001"),
            max_quantity=D("1000"),
            mm_level_quantity=D("0.06"),
            open_interest_limit=perp_oi,
        ),
        MarketSpec(
            "ETH_USDC_PERP",
            "ETH",
            "USDC",
            "PERP",
            D("3500.00"),
            D("0.01"),
            D("0.0001"),
            D("0.0001"),
            max_quantity=D("100000"),
            mm_level_quantity=D("1.5"),
            open_interest_limit=perp_oi,
        ),
        MarketSpec(
            "JUP_USDC_PERP",
            "JUP",
            "USDC",
            "PERP",
            D("0.8500"),
            D("0.0001"),
            D("1"),
            D("1"),
            max_quantity=D("100000000"),
            min_price=D("0.0001"),
            mm_level_quantity=D("7000"),
            noise_unit=D("5"),
            open_interest_limit=D("20000000"),
        ),
        MarketSpec(
            "WIF_USDC_PERP",
            "WIF",
            "USDC",
            "PERP",
            D("1.5000"),
            D("0.0001"),
            D("0.1"),
            D("0.1"),
            max_quantity=D("100000000"),
            min_price=D("0.0001"),
            volatility=0.0006,
            mm_level_quantity=D("4000"),
            noise_unit=D("3"),
            open_interest_limit=D("10000000"),
        ),
    ]


def validate_price(spec: MarketSpec, price: Decimal, reference: Decimal | None, label: str = "Price") -> None:
    """Tick size, absolute bounds and the multiplier band around the reference price."""
    if price <= 0:
        raise ApiError("INVALID_PRICE", f"{label} must be positive")
    if has_extra_decimals(price, spec.tick_size):
        raise ApiError("INVALID_PRICE", f"{label} decimal too long")
    if not is_multiple(price, spec.tick_size):
        raise ApiError("INVALID_PRICE", f"{label} must be a multiple of the tick size {fmt(spec.tick_size)}")
    if price < spec.min_price or (spec.max_price is not None and price > spec.max_price):
        raise ApiError("INVALID_PRICE", f"{label} is outside the allowed range")
    if reference:
        if price > reference * spec.max_multiplier:
            raise ApiError("INVALID_PRICE", f"{label} is too far above the reference price")
        if price < reference * spec.min_multiplier:
            raise ApiError("INVALID_PRICE", f"{label} is too far below the reference price")


def validate_quantity(spec: MarketSpec, quantity: Decimal, label: str = "Quantity") -> None:
    if quantity <= 0:
        raise ApiError("INVALID_QUANTITY", f"{label} must be positive")
    if has_extra_decimals(quantity, spec.step_size):
        raise ApiError("INVALID_QUANTITY", f"{label} decimal too long")
    if not is_multiple(quantity, spec.step_size):
        raise ApiError("INVALID_QUANTITY", f"{label} must be a multiple of the step size {fmt(spec.step_size)}")
    if quantity < spec.min_quantity:
        raise ApiError("INVALID_QUANTITY", f"{label} is below the minimum {fmt(spec.min_quantity)}")
    if spec.max_quantity is not None and quantity > spec.max_quantity:
        raise ApiError("INVALID_QUANTITY", f"{label} is above the maximum {fmt(spec.max_quantity)}")
