"""Hooks for every test directory (tests/ and generated/tests/)."""

import gc

import pytest


def pytest_collection_finish(session):
    freeze_what_lives()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    if nextitem is None or nextitem.module is not item.module:
        freeze_what_lives()


def freeze_what_lives():
    """Collect the garbage, then move what lives into the collector's permanent generation, once
    after collection and after each test module's last test (its module fixtures torn down).

    What a worker imports along the way (ccxt three times, freqtrade's pandas and scipy, the
    simulator) and what the modules keep lives to the end anyway; left in the oldest generation,
    every full collection walked all of it again: about 2.5 s of CPU a worker, more than half of it
    in the two full collections pytest makes at its end. Garbage is collected as before: a test's
    by the usual young-generation collections, a module's leftover cycles here, before the freeze."""
    gc.collect()
    gc.freeze()
