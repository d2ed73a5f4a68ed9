"""The cyclic garbage collector, paused while the generator builds its trees.

Loading a spec, building its model, rendering it and syncing it each allocate hundreds of
thousands of dicts and lists that stay alive until the call returns. The collector, started
every few hundred allocations, would walk them again and again, and every few thousand walk the
whole heap: a tenth of a second in a process that has imported ccxt. None of these trees is
garbage before the call returns, so the collector waits for it, and then runs as usual.
"""

from __future__ import annotations

import functools
import gc


def paused(function):
    """`function`, run with the collector paused; a call within another such call leaves it to the outer one."""

    @functools.wraps(function)
    def run(*args, **kwargs):
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return run
