"""What a user meets when installing: the Makefile's Python check, the ccxt version check, the wheel."""

import importlib
import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from support import ROOT


def outside_make():
    """The environment of a make started by hand, not by `make test` (which would add its MAKEFLAGS)."""
    return {key: value for key, value in os.environ.items() if key not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES")}


def test_make_refuses_a_python_older_than_3_10_in_one_line(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    old = tmp_path / "python3.9"
    old.write_text('#!/bin/sh\nif [ "$1" = "-V" ]; then echo "Python 3.9.18"; exit 0; fi\nexit 1\n')
    old.chmod(0o755)
    result = subprocess.run(["make", f"PYTHON={old}", "generate"], cwd=tmp_path, capture_output=True, text=True, env=outside_make())
    assert result.returncode != 0 and not (tmp_path / ".venv").exists()
    assert result.stdout.strip() == f"ccxt-backpack needs Python 3.10 or newer, and {old} is Python 3.9.18: run make PYTHON=python3.11 (or another 3.10+)"


def test_another_ccxt_version_is_refused_at_import_with_the_fix(monkeypatch):
    """Imported again in this process (the package's modules put back afterwards): the check runs first
    thing at import, so what a fresh interpreter would print last is this error."""
    import ccxt

    monkeypatch.setattr(ccxt, "__version__", "4.5.88")
    monkeypatch.syspath_prepend(str(ROOT / "generated"))
    for name in [name for name in sys.modules if name == "ccxt_backpack" or name.startswith("ccxt_backpack.")]:
        monkeypatch.delitem(sys.modules, name)
    with pytest.raises(ImportError) as refused:
        importlib.import_module("ccxt_backpack")
    last = f"{type(refused.value).__name__}: {refused.value}"
    assert last.startswith("ImportError: ccxt_backpack 0.2.0 was generated and tested against ccxt 4.5.90, but ccxt 4.5.88 is installed")
    assert "pip install ccxt==4.5.90" in last


def test_register_makes_ccxt_pro_ours_too():
    code = (
        "import ccxt_backpack, ccxt\n"
        "ccxt_backpack.register()\n"
        "import ccxt.pro\n"
        "from ccxt_backpack.async_support import backpack as async_backpack\n"
        "from ccxt_backpack.pro import backpack\n"
        "assert ccxt.pro.backpack is backpack and 'backpack' in ccxt.pro.exchanges\n"
        "assert issubclass(backpack, async_backpack) and ccxt.async_support.backpack is async_backpack\n"
        "exchange = ccxt.pro.backpack()\n"
        "assert exchange.has['watchTicker'] is True and exchange.has['watchBalance'] is False and exchange.describe()['pro'] is True\n"
        "assert exchange.watchOrderBook.__func__ is backpack.watch_order_book and callable(exchange.unWatchTradesForSymbols)\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "generated")})
    assert result.stdout.strip() == "ok", result.stderr


# The build backend pyproject.toml declares, called as pip calls it (PEP 517 build_wheel), without
# pip's own start-up: the venv has setuptools >= 77 (the dev extra asks for it).
BUILD_WHEEL = "import sys, setuptools.build_meta as backend; print(backend.build_wheel(sys.argv[1]))"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run([sys.executable, "-c", BUILD_WHEEL, str(out)], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0 and "setuptools" in result.stderr:  # no setuptools >= 77 in this venv: build isolated
        result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return zipfile.ZipFile(next(out.glob("*.whl")))


def test_the_wheel_needs_only_what_the_adapter_uses_at_run_time(wheel):
    metadata = wheel.read(next(name for name in wheel.namelist() if name.endswith("METADATA"))).decode()
    required = [line.split(": ", 1)[1] for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    runtime = sorted(requirement for requirement in required if "extra ==" not in requirement)
    assert runtime == ["aiohttp>=3.9", "ccxt==4.5.90", "msgspec>=0.18", "pynacl>=1.5", "requests>=2.31"]
    assert any("jinja2" in requirement and 'extra == "dev"' in requirement for requirement in required)
    assert "License-Expression: MIT" in metadata and "Project-URL: Source" in metadata


def test_the_wheel_ships_the_adapter_the_simulator_and_the_freqtrade_launcher(wheel):
    names = wheel.namelist()
    assert "ccxt_backpack/__init__.py" in names and "ccxt_backpack/async_support/backpack.py" in names
    assert "ccxt_backpack/pro/backpack.py" in names and "ccxt_backpack/ws_runtime.py" in names
    assert "ccxt_backpack/py.typed" in names  # PEP 561: type checkers read the adapter's annotations
    assert "backpack_sim/__main__.py" in names and "backpack_sim/server.py" in names
    assert "backpack_freqtrade/exchange.py" in names and "backpack_freqtrade/__main__.py" in names
    assert not any(name.startswith(("generator/", "tests/", "spec/")) for name in names)
    entry_points = wheel.read(next(name for name in names if name.endswith("entry_points.txt"))).decode()
    assert "backpack-sim = backpack_sim.__main__:main" in entry_points
    assert "backpack-freqtrade = backpack_freqtrade.__main__:main" in entry_points
    metadata = wheel.read(next(name for name in names if name.endswith("METADATA"))).decode()
    assert 'Requires-Dist: freqtrade==2026.9; python_version >= "3.11" and extra == "freqtrade"' in metadata


def test_the_simulator_runs_from_any_directory(tmp_path):
    """Installed (the venv has the project in editable mode), python -m backpack_sim works outside the clone."""
    result = subprocess.run([sys.executable, "-m", "backpack_sim", "--help"], cwd=tmp_path, capture_output=True, text=True, env={key: value for key, value in os.environ.items() if key != "PYTHONPATH"})
    assert result.returncode == 0 and "--port" in result.stdout, result.stderr


def test_make_makes_the_venv_again_for_another_interpreter(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    venv = tmp_path / ".venv"
    for recorded, kept in (("/some/other/python", False), (os.path.realpath(sys.executable), True)):
        venv.mkdir(exist_ok=True)
        (venv / ".python").write_text(recorded + "\n")
        subprocess.run(["make", "-n", f"PYTHON={sys.executable}", "generate"], cwd=tmp_path, capture_output=True, env=outside_make())
        assert venv.exists() is kept, recorded
