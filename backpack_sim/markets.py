"""Static market and asset definitions, and order price/quantity validation (§7)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .decimals import fmt, has_extra_decimals, is_multiple, scale_of
from .errors import ApiError

D = Decimal


@dataclass
class AssetSpec:
    symbol: str
    display_name: str
    coingecko_id: str
    blockchain: str
    decimals: int  # precision used for balances and fees
    withdrawal_fee: Decimal
    minimum_withdrawal: Decimal
    minimum_deposit: Decimal
    collateral_weight: Decimal
    contract_address: str | None = None

    @property
    def step(self) -> Decimal:
        return D(1).scaleb(-self.decimals)


ASSETS: dict[str, AssetSpec] = {
    a.symbol: a
    for a in [
        AssetSpec(
            "USDC",
            "USD Coin",
            "usd-coin",
            "Solana",
            6,
            D("1"),
            D("5"),
            D("0.5"),
            D("1"),
            "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v",
        ),
        AssetSpec("SOL", "Solana", "solana", "Solana", 8, D("0.01"), D("0.02"), D("0.01"), D("0.85")),
        AssetSpec("BTC", "Bitcoin", "bitcoin", "Bitcoin", 8, D("0.00005"), D("0.0001"), D("0.0001"), D("0.9")),
        AssetSpec("ETH", "Ethereum", "ethereum", "Ethereum", 8, D("0.002"), D("0.004"), D("0.001"), D("0.9")),
    ]
}


@dataclass
class MarketSpec:
    symbol: str
    base: str
    quote: str
    market_type: str  # SPOT or PERP
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
    funding_interval_ms: int = 3_600_000
    open_interest_limit: Decimal = D("0")
    imf: dict = field(default_factory=lambda: {"base": "0.02", "factor": "0.00006", "type": "sqrt"})
    mmf: dict = field(default_factory=lambda: {"base": "0.0125", "factor": "0.000036", "type": "sqrt"})
    created_at: str = "2025-01-21T06:34:54.691858"

    @property
    def is_perp(self) -> bool:
        return self.market_type == "PERP"

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
            "meanMarkPriceBand": {"maxMultiplier": "1.1", "minMultiplier": "0.9"} if self.is_perp else None,
            "meanPremiumBand": {"tolerancePct": "0.05"} if self.is_perp else None,
            "borrowEntryFeeMaxMultiplier": None if self.is_perp else "1.1",
            "borrowEntryFeeMinMultiplier": None if self.is_perp else "0.9",
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
            "imfFunction": dict(self.imf) if self.is_perp else None,
            "mmfFunction": dict(self.mmf) if self.is_perp else None,
            "fundingInterval": self.funding_interval_ms if self.is_perp else None,
            "fundingRateUpperBound": "100" if self.is_perp else None,
            "fundingRateLowerBound": "-100" if self.is_perp else None,
            "openInterestLimit": fmt(self.open_interest_limit),
            "orderBookState": "Open",
            "createdAt": self.created_at,
            "visible": True,
            "positionLimitWeight": "1" if self.is_perp else None,
        }


def default_markets() -> list[MarketSpec]:
    perp_oi = D("5000000")
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
