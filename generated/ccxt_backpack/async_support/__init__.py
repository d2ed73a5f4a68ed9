"""Backpack for ccxt, asyncio flavour (mirrors ccxt.async_support.backpack). Generated; do not edit."""

from .backpack import backpack

__all__ = ["backpack"]
