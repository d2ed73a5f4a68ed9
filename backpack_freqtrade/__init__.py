"""Run freqtrade on Backpack Exchange with the generated ccxt_backpack classes.

    backpack-freqtrade trade --config config.json          # or: python -m backpack_freqtrade ...

register() does what the launcher does before it hands over to freqtrade: ccxt.backpack,
ccxt.async_support.backpack and ccxt.pro.backpack become the generated classes, and
freqtrade.exchange.Backpack (the class freqtrade resolves for ``exchange.name: backpack``)
becomes backpack_freqtrade.exchange.Backpack. Needs the ``freqtrade`` extra
(``pip install 'ccxt-backpack[freqtrade]'``).
"""

__all__ = ["register", "Backpack"]


def register():
    """Make ccxt's and freqtrade's "backpack" ours; returns the freqtrade exchange class."""
    import ccxt_backpack

    ccxt_backpack.register()
    import freqtrade.exchange

    from .exchange import Backpack

    freqtrade.exchange.Backpack = Backpack
    return Backpack


def __getattr__(name):
    if name == "Backpack":  # imports freqtrade (about 1.5 s): only when asked for
        from .exchange import Backpack

        return Backpack
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
