"""Hooks for every test directory (tests/ and generated/tests/)."""

import collections
import gc

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_collection(session):
    """No automatic collections while the test modules are imported: each full one walked the
    heap built so far (ccxt's classes, the simulator, hypothesis) for garbage there is none of,
    about 0.6 s of CPU a worker; freeze_what_lives collects once, at the end."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


# Young collections after 10,000 allocations rather than 700, and older ones more rarely: the
# tests allocate millions of short-lived objects (answers parsed, frames built, requests signed).
# A collection walks only what is still alive, and most of those are gone by the time a rarer one
# comes: about 4 s of CPU less a run (make test, same host, alternating). Cycles are still
# collected, a little later; launched_here (test_freqtrade) puts these thresholds back too.
TEST_GC_THRESHOLDS = (10_000, 20, 20)


def pytest_collection_finish(session):
    freeze_what_lives()
    gc.set_threshold(*TEST_GC_THRESHOLDS)


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


# The longest test files start first, as long as the last run timed them (pytest's cache keeps
# each file's seconds): with `--dist loadfile`, a long file handed out last keeps one worker busy
# while the others are done. xdist orders files by their number of tests unless told not to
# (--no-loadscope-reorder), and the number says little: a file of five tests may wait 10 s on
# subprocesses. A file the cache does not know (a new one) starts first; on a first run (CI's)
# every file keeps its place.
FILE_SECONDS = "ccxt-backpack/file-seconds"
seconds_this_run = collections.Counter()


def pytest_collection_modifyitems(config, items):
    cache = getattr(config, "cache", None)  # None under -p no:cacheprovider
    known = cache.get(FILE_SECONDS, {}) if cache else {}
    items.sort(key=lambda item: -known.get(file_of(item.nodeid), float("inf")))


def pytest_runtest_logreport(report):
    """In the process that reports the results (xdist's controller, or pytest alone)."""
    seconds_this_run[file_of(report.nodeid)] += report.duration


def pytest_sessionfinish(session):
    cache = getattr(session.config, "cache", None)
    if cache and seconds_this_run and not hasattr(session.config, "workerinput"):
        known = cache.get(FILE_SECONDS, {})
        cache.set(FILE_SECONDS, {**known, **{name: round(value, 2) for name, value in seconds_this_run.items()}})


def file_of(nodeid):
    return nodeid.split("::")[0]
