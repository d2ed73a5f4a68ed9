"""A second, made-up exchange (tests/fakex/spec) renders, imports and passes its own fixtures.

Fakex shares nothing with Backpack (names, paths, headers, signing keys, field
names, a hand-written hook), so this proves the generator and templates are
exchange-agnostic in practice, not only by the name scan of test_agnostic.
"""

import ast
import os
import shutil
import subprocess
import sys

import pytest

from support import ROOT, run_generator

FAKEX = ROOT / "tests" / "fakex" / "spec"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("fakex") / "out"
    result = run_generator("--spec", FAKEX, "--out", out)  # the command line, in this process
    assert result.returncode == 0, result.stderr
    return out


def test_fakex_passes_its_own_generated_fixture_tests(rendered):
    env = {**os.environ, "PYTHONPATH": str(rendered)}
    # hypothesis keeps the Unicode tables its text strategies draw from in .hypothesis/ of the
    # working directory, and takes 1.5 s to build them: those of this repository's runs, if any
    cache = ROOT / ".hypothesis" / "unicode_data"
    if cache.is_dir():
        shutil.copytree(cache, rendered / ".hypothesis" / "unicode_data", dirs_exist_ok=True)
    # the plugins named, as pyproject.toml has them for this repository's own tests: found by entry
    # point, all of hypothesis would have its asserts rewritten first (seconds of a run this short)
    plugins = ["-p", "no:cacheprovider", "--disable-plugin-autoload", "-p", "_hypothesis_pytestplugin"]
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", *plugins, str(rendered / "tests")], cwd=rendered, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    keep_unicode_tables(rendered / ".hypothesis" / "unicode_data", cache)
    # 20 fixture cases, 10 fuzz properties (make test's smoke run: each case on one class a property),
    # 3 of the trades' fast path, 5 of fresh(), the smoke run's share of alterations, 6 WebSocket
    # replays and the check that every watch method has one
    assert "46 passed" in result.stdout


def keep_unicode_tables(built, cache):
    """The tables the run above built, for the next runs, where this repository has none yet
    (each file whole or not at all: other processes may read them)."""
    for table in built.glob("*/*.json.gz"):
        target = cache / table.relative_to(built)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.{os.getpid()}")
            shutil.copyfile(table, partial)
            os.replace(partial, target)


def test_fakex_output_mentions_no_backpack(rendered):
    for path in rendered.rglob("*"):
        if path.is_file() and path.suffix in (".py", ".json", ".md"):  # not caches the test runs leave
            assert "backpack" not in path.read_text().lower(), path


def test_fakex_watch_methods_link_the_docs_of_the_streams_that_have_them(rendered):
    """A stream declared with its `doc` (ws.doc_link's fields) is linked under the summary of the
    docstrings of the methods that read it; one declared by its pattern alone is not."""
    tree = ast.parse((rendered / "ccxt_fakex" / "pro" / "fakex.py").read_text())
    pro = next(node for node in tree.body if isinstance(node, ast.ClassDef))
    docs = {node.name: ast.get_docstring(node).splitlines() for node in pro.body if isinstance(node, ast.AsyncFunctionDef)}
    for name in ("watch_ticker", "watch_tickers", "un_watch_ticker", "un_watch_tickers"):
        assert docs[name][1:4] == ["", "https://fakex.invalid/docs/push#quotes", ""], name
    assert not any(line.startswith("https://") for line in docs["watch_trades"])
    assert docs["watch_trades"][1] == "" and docs["watch_trades"][2].startswith(":param ")


@pytest.fixture
def fakex_importable(rendered, monkeypatch):
    """ccxt_fakex importable in this process, and forgotten afterwards with all that register() did
    (its own pytest run above is the one in a fresh process, started in the rendered tree)."""
    import ccxt
    import ccxt.async_support
    import ccxt.pro

    monkeypatch.syspath_prepend(str(rendered))
    for namespace in (ccxt, ccxt.async_support, ccxt.pro):
        monkeypatch.setattr(namespace, "exchanges", list(namespace.exchanges))
        monkeypatch.setattr(namespace, "fakex", None, raising=False)  # removed again afterwards
    yield
    for name in [name for name in sys.modules if name == "ccxt_fakex" or name.startswith("ccxt_fakex.")]:
        del sys.modules[name]


def test_fakex_imports_as_a_ccxt_exchange(fakex_importable):
    import ccxt
    import ccxt.async_support

    import ccxt_fakex
    from ccxt_fakex import fakex
    from ccxt_fakex.async_support import fakex as afakex

    assert issubclass(fakex, ccxt.Exchange) and issubclass(afakex, ccxt.async_support.Exchange)
    ex = fakex()
    assert ex.has["fetchTicker"] is True and ex.has["fetchTime"] is True
    assert callable(ex.vaultGetV2Wallet) and callable(ex.open_get_v2_quote_ticker)
    ccxt_fakex.register()
    assert getattr(ccxt, "fakex") is fakex and "fakex" in ccxt.exchanges
