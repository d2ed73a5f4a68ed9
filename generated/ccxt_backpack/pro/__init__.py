"""Backpack for ccxt.pro, asyncio with WebSocket streams (mirrors ccxt.pro.backpack). Generated; do not edit."""

from .backpack import backpack

__all__ = ["backpack"]
