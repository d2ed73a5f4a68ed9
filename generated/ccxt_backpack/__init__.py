"""Backpack for ccxt, generated from a spec of its API.

    from ccxt_backpack import backpack                  # sync, like ccxt.backpack
    from ccxt_backpack.async_support import backpack    # async, like ccxt.async_support.backpack

register() installs both into ccxt's namespaces, so code that builds exchanges
by id (getattr(ccxt, 'backpack')) gets these classes.
Generated from spec/backpack; do not edit.
"""

from .backpack import backpack

__all__ = ["backpack", "register"]

CCXT_VERSION = "4.5.90"  # the ccxt release this adapter was generated and tested against


def register():
    """Make ccxt.backpack and ccxt.async_support.backpack these classes."""
    import ccxt
    import ccxt.async_support

    from .async_support import backpack as async_backpack

    setattr(ccxt, "backpack", backpack)
    setattr(ccxt.async_support, "backpack", async_backpack)
    if "backpack" not in ccxt.exchanges:
        ccxt.exchanges.append("backpack")
    return backpack, async_backpack
