"""Backpack for ccxt, generated from a spec of its API.

    from ccxt_backpack import backpack                  # sync, like ccxt.backpack
    from ccxt_backpack.async_support import backpack    # async, like ccxt.async_support.backpack
    from ccxt_backpack.pro import backpack              # async with watch*, like ccxt.pro.backpack

register() installs them into ccxt's namespaces, so code that builds exchanges
by id (getattr(ccxt, 'backpack')) gets these classes.
Generated from spec/backpack; do not edit.
"""

import ccxt as _ccxt

__version__ = "0.2.0"
CCXT_VERSION = "4.5.90"  # the ccxt release this adapter was generated and tested against

# The classes subclass ccxt's and lean on its internals, which change in patch releases
# (4.5.89 changed the signature of fetch2 and sign): another ccxt fails later, and obscurely.
if _ccxt.__version__ != CCXT_VERSION:
    raise ImportError(
        f"{__name__} {__version__} was generated and tested against ccxt {CCXT_VERSION}, but ccxt {_ccxt.__version__} "
        f"is installed: run `pip install ccxt=={CCXT_VERSION}`, or regenerate the adapter against ccxt {_ccxt.__version__} "
        "(bump the pin in pyproject.toml, then `make generate` and `make test`)"
    )

from .backpack import backpack  # noqa: E402 (after the version check)

__all__ = ["backpack", "register", "__version__", "CCXT_VERSION"]


def register() -> tuple[type, type]:
    """Make ccxt.backpack, ccxt.async_support.backpack and ccxt.pro.backpack these classes.

    ccxt.pro gets the class with the WebSocket streams (ccxt_backpack.pro), the async
    class plus the watch* methods (ccxt.pro's exchanges are ccxt's async ones plus streams).
    ccxt.pro is imported here, so a later `import ccxt.pro` cannot put ccxt's own class back.
    """
    import ccxt
    import ccxt.async_support
    import ccxt.pro

    from .async_support import backpack as async_backpack
    from .pro import backpack as pro_backpack

    for namespace, exchange in ((ccxt, backpack), (ccxt.async_support, async_backpack), (ccxt.pro, pro_backpack)):
        setattr(namespace, "backpack", exchange)
        if "backpack" not in namespace.exchanges:
            namespace.exchanges.append("backpack")
    return backpack, async_backpack
