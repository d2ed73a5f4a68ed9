"""backpack-freqtrade / python -m backpack_freqtrade: freqtrade, with Backpack's classes registered.

Every argument goes to freqtrade unchanged: `backpack-freqtrade trade --config config.json`,
`backpack-freqtrade list-markets --config config.json`, `backpack-freqtrade download-data ...`.
"""

import sys


def main(argv=None):
    try:
        from . import register

        register()
    except ImportError as error:  # freqtrade missing, or a ccxt other than the adapter's
        hint = ""
        if getattr(error, "name", None) == "freqtrade" or "freqtrade" in str(error):
            hint = "\nfreqtrade is not installed: pip install 'ccxt-backpack[freqtrade]'"
            if sys.version_info < (3, 11):
                hint += " (freqtrade 2026.9 needs Python 3.11 or newer)"
        sys.exit(f"backpack-freqtrade: {error}{hint}")
    from freqtrade.main import main as freqtrade_main

    freqtrade_main(sys.argv[1:] if argv is None else list(argv))  # exits with freqtrade's code


if __name__ == "__main__":
    main()
