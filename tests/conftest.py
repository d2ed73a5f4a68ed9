import os
import warnings

import pytest

from support import API_KEY, ROOT, SECRET, response_fixture


@pytest.fixture
def markets_raw():
    return response_fixture("fetchMarkets")["httpResponse"]


@pytest.fixture
def offline(markets_raw):
    """A sync exchange with the fixture markets loaded and no network."""
    from ccxt_backpack import backpack

    exchange = backpack({"apiKey": API_KEY, "secret": SECRET, "enableRateLimit": False})
    exchange.set_markets(exchange.parse_markets(markets_raw))
    return exchange


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups (--dist loadgroup)
def pytest_collection_modifyitems(items):
    """A module-scoped fixture (a simulator, a built wheel, a rendered exchange) is built once:
    the tests that use it go to one xdist worker, in a group named after the module. Without
    this, `make test` (--dist loadgroup) spreads a module's tests over the workers, and each
    worker that gets one builds the fixture again. Tests already in a group stay in theirs."""
    for item in items:
        if item.get_closest_marker("xdist_group") is not None:
            continue
        info = getattr(item, "_fixtureinfo", None)
        definitions = info.name2fixturedefs.values() if info is not None else ()
        if any(defs and defs[-1].scope == "module" and ours(defs[-1].func) for defs in definitions):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))


def ours(function):
    """A fixture of this repository (not pytest's or a plugin's)."""
    code = getattr(function, "__code__", None)
    return code is not None and code.co_filename.startswith(str(ROOT) + os.sep) and "site-packages" not in code.co_filename


class GroupsCheck:
    """Under --dist loadgroup, pytest-xdist puts a test in its group by adding @group to its node id,
    after the hook above. A pytest that ignores the rename (9.2, with pytest-xdist 3.8) runs every
    group spread over the workers (module fixtures built once per worker), and nothing says so.
    This says so, in the warnings of the run."""

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config, items):
        if not getattr(config.option, "loadgroup", False):
            return
        grouped = [item for item in items if item.get_closest_marker("xdist_group") is not None]
        if grouped and not any("@" in item.nodeid for item in grouped):
            warnings.warn(
                pytest.PytestWarning(
                    f"pytest {pytest.__version__} ignores pytest-xdist's groups (--dist loadgroup), so this run "
                    "is slower: install the pytest of pyproject.toml's dev extra (make test does)"
                )
            )


def pytest_configure(config):
    config.pluginmanager.register(GroupsCheck(), "groups-check")

