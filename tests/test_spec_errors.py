"""A bad spec gets one clear message (file, line, key, what is wrong), exit code 2, no traceback, no output."""

import re
import shutil

import pytest

from support import SPEC, run_generator


def generate(spec_dir, out_dir, in_process=True):
    return run_generator("--spec", spec_dir, "--out", out_dir, in_process=in_process)


@pytest.fixture
def spec_copy(tmp_path):
    target = tmp_path / "spec" / SPEC.name  # spec/backpack, as in the repository (see below)
    shutil.copytree(SPEC, target)
    return target


def break_spec(spec_dir, file, old, new):
    path = spec_dir / file
    text = path.read_text()
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1))
    return text[: text.index(old)].count("\n") + 1  # the line of the change


def line_of(spec_dir, file, text):
    return (spec_dir / file).read_text().split(text)[0].count("\n") + 1


def assert_reported(result, out_dir, file, line, key, message):
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert not out_dir.exists(), "a bad spec must not write anything"
    pattern = rf"{re.escape(file)}:{line}: {re.escape(key)}: .*{message}"
    assert re.search(pattern, result.stderr), f"expected /{pattern}/ in:\n{result.stderr}"


def test_yaml_syntax_error(spec_copy, tmp_path):
    line = break_spec(spec_copy, "methods.yaml", "  fetchTicker:\n", "  fetchTicker: [unclosed\n")
    result = generate(spec_copy, tmp_path / "out", in_process=False)  # the real command line: exit code, no traceback
    assert result.returncode == 2 and "Traceback" not in result.stderr
    match = re.search(r"methods\.yaml:(\d+): YAML syntax error", result.stderr)
    assert match and abs(int(match.group(1)) - line) <= 2, result.stderr
    assert not (tmp_path / "out").exists()


def test_missing_required_field(spec_copy, tmp_path):
    break_spec(spec_copy, "endpoints.yaml", "    - path: api/v1/assets\n      method: GET\n", "    - method: GET\n")
    line = line_of(spec_copy, "endpoints.yaml", "    - method: GET\n      response: MarketAsset[]")
    result = generate(spec_copy, tmp_path / "out")
    assert_reported(result, tmp_path / "out", "endpoints.yaml", line, "endpoints.public[0]", "missing required key 'path'")


# name: (file, text, broken text, lines from the change to the report, key reported, message pattern)
ONE_MISTAKE_EACH = {
    "exception class ccxt does not have": ("errors.yaml", "INVALID_ORDER: InvalidOrder", "INVALID_ORDER: InvalidOrdr", 0, "errors.exact.INVALID_ORDER", "'InvalidOrdr' is not a ccxt exception class"),
    "method names an endpoint the spec lacks": ("methods.yaml", "endpoint: public GET api/v1/ticker\n", "endpoint: public GET api/v1/tickr\n", 0, "methods.fetchTicker.endpoint", "endpoint 'public GET api/v1/tickr' is not in endpoints"),
    "misspelt key gets a suggestion": ("methods.yaml", "    parse: ticker\n", "    parze: ticker\n", 0, "methods.fetchTicker.parze", r"unknown key \(did you mean 'parse'\?\)"),
    "duplicate key": ("statuses.yaml", "      Filled: closed\n", "      Filled: closed\n      Filled: open\n", 1, "Filled", "duplicate key"),
    "field refers to an undefined status table": ("structures.yaml", "status: market_active}", "status: market_activ}", 0, "structures.market.fields.active", "status table 'market_activ' is not defined"),
    "unknown unified method": ("methods.yaml", "  fetchStatus:\n", "  fetchStatuz:\n", 0, "methods.fetchStatuz", "not a unified method the templates know"),
    "timestamp without unit": ("structures.yaml", "timestamp: {field: start, type: timestamp, unit: iso}", "timestamp: {field: start, type: timestamp}", 0, "structures.ohlcv.fields.timestamp", "a timestamp needs a unit"),
    "key that is not part of the ccxt structure": ("structures.yaml", "      open: {field: firstPrice, type: number}", "      opening: {field: firstPrice, type: number}", 0, "structures.ticker.fields.opening", "'opening' is not a key of a ccxt ticker structure"),
    "doc that does not fill exchange.doc_link": ("endpoints.yaml", "doc: {tag: Assets, operation: get_assets}", "doc: {operation: get_assets}", 0, "endpoints.public[0].doc", "exchange.doc_link is filled with operation, tag; got operation"),
    "doc_link that is not a pattern": ("exchange.yaml", "doc_link: https://docs.backpack.exchange/#tag/{tag}/operation/{operation}", "doc_link: https://docs.backpack.exchange/#tag/{tag/operation/{operation}", 0, "exchange.doc_link", "not a link pattern"),
    "fixture for a method the spec does not have": ("fixtures/request.yaml", "  fetchStatus:\n", "  fetchSomething:\n", 0, "fixtures.request.methods.fetchSomething", "neither a spec method nor an implicit API method"),
}


@pytest.mark.parametrize("case", ONE_MISTAKE_EACH.values(), ids=ONE_MISTAKE_EACH.keys())
def test_one_mistake_is_reported_with_file_line_and_key(spec_copy, tmp_path, case):
    file, text, broken, line_offset, key, message = case
    line = break_spec(spec_copy, file, text, broken) + line_offset
    result = generate(spec_copy, tmp_path / "out")
    assert_reported(result, tmp_path / "out", file, line, key, message)


def test_signed_endpoint_without_instruction(spec_copy, tmp_path):
    break_spec(spec_copy, "endpoints.yaml", "      instruction: balanceQuery\n", "")
    result = generate(spec_copy, tmp_path / "out")
    assert result.returncode == 2
    assert re.search(r"endpoints\.yaml:\d+: endpoints\.private\[\d+\]: signed endpoint 'private GET api/v1/capital' needs an instruction", result.stderr), result.stderr


def test_every_problem_is_reported_in_one_run(spec_copy, tmp_path):
    break_spec(spec_copy, "errors.yaml", "INVALID_ORDER: InvalidOrder", "INVALID_ORDER: Nope")
    break_spec(spec_copy, "methods.yaml", "endpoint: public GET api/v1/ticker\n", "endpoint: public GET nowhere\n")
    result = generate(spec_copy, tmp_path / "out")
    assert result.returncode == 2
    assert "'Nope' is not a ccxt exception class" in result.stderr and "endpoint 'public GET nowhere'" in result.stderr
    assert "nothing was written" in result.stderr


def test_a_bad_spec_leaves_existing_output_untouched(spec_copy, tmp_path, monkeypatch):
    # named as `make generate` names it (spec/backpack, from the directory above), the copy renders
    # to the very text of generated/: black's formatting of it is in the generator's cache
    monkeypatch.chdir(tmp_path)
    spec_copy = spec_copy.relative_to(tmp_path)
    out = tmp_path / "out"
    assert generate(spec_copy, out).returncode == 0
    before = {path: path.read_bytes() for path in out.rglob("*") if path.is_file()}
    break_spec(spec_copy, "errors.yaml", "INVALID_ORDER: InvalidOrder", "INVALID_ORDER: Nope")
    assert generate(spec_copy, out).returncode == 2
    assert {path: path.read_bytes() for path in out.rglob("*") if path.is_file()} == before
