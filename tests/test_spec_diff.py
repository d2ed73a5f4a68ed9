"""`python -m generator diff <ref>`: what a spec change does to the adapter, line by line.

Each test builds a git repository in a temporary directory holding the made-up exchange's spec
(tests/fakex/spec, so nothing here knows Backpack), commits it, edits the working tree the way a
spec change would, and runs the command in this process."""

import io
import json
import shutil
import subprocess
from contextlib import redirect_stderr, redirect_stdout

import pytest
import yaml

from generator.__main__ import main

from support import ROOT

FAKEX = ROOT / "tests" / "fakex" / "spec"
SPEC = "spec/fakex"


def git(repo, *args):
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def make_repo(path):
    """A repository whose one commit holds the fakex spec under spec/fakex. Without its upstream
    snapshot: the edits below are API changes the snapshot would refuse, and diff compares two
    specs, not a spec with its document."""
    shutil.copytree(FAKEX, path / SPEC, ignore=shutil.ignore_patterns("upstream*"))
    edit(path, "model.yaml", lambda model: model.pop("unread"))  # properties of the snapshot's schemas
    git(path, "init", "--quiet")
    git(path, "add", ".")
    git(path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "the spec")
    return path


def edit(repo, name, change):
    """Load a spec file, let `change` edit the data, write it back (comments and anchors go)."""
    path = repo / SPEC / name
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def run(repo, *args, chdir):
    """`python -m generator diff ARGS` from the repository: (exit status, stdout, stderr)."""
    chdir(repo)
    stdout, stderr = io.StringIO(), io.StringIO()
    with redirect_stdout(stdout), redirect_stderr(stderr):
        code = main(["diff", *args])
    return code, stdout.getvalue(), stderr.getvalue()


def changed_spec(data_of):
    """The edits of a spec change: a field mapping, a method gone, an endpoint added and one given
    a param, an enum value, an error code, a status table, a fixture. `data_of` edits one file with a function."""
    data_of("model.yaml", lambda spec: spec["structures"]["ticker"]["fields"].update(last={"field": "lastPx", "type": "number"}))
    data_of("model.yaml", lambda spec: spec["methods"].pop("fetchTrades"))
    data_of("fixtures/request.yaml", lambda fixtures: fixtures["methods"].pop("fetchTrades"))
    data_of("fixtures/response.yaml", lambda fixtures: (fixtures["methods"].pop("fetchTrades"), fixtures["knownInvalid"].pop("fetchTrades")))
    data_of("fixtures/response.yaml", lambda fixtures: fixtures["methods"]["fetchTicker"][0]["httpResponse"].update(lastPx="101.5"))
    data_of("api.yaml", lambda api: api["endpoints"]["open"].append({"path": "v2/stats", "method": "GET", "response": "Stats"}))
    data_of("api.yaml", lambda api: api["endpoints"]["open"][4]["params"].update(since={"type": "integer"}))
    data_of("api.yaml", lambda api: api["enums"]["Depth"].append(1000))
    data_of("api.yaml", lambda api: api["errors"]["exact"].update(HALTED="ExchangeNotAvailable"))
    data_of("api.yaml", lambda api: (api["statuses"]["halt"]["values"].update(paused=False), api["statuses"]["halt"].update(unknown=True)))


@pytest.fixture(scope="module")
def reported(tmp_path_factory):
    """The text and the JSON report of the change above, against HEAD."""
    repo = make_repo(tmp_path_factory.mktemp("repo"))
    changed_spec(lambda name, change: edit(repo, name, change))
    with pytest.MonkeyPatch.context() as patch:
        text = run(repo, "HEAD", "--spec", SPEC, chdir=patch.chdir)
        as_json = run(repo, "HEAD", "--spec", SPEC, "--json", chdir=patch.chdir)
    return text, as_json


@pytest.fixture(scope="module")
def lines(reported):
    (code, stdout, stderr), _ = reported
    assert (code, stderr) == (0, "")
    return stdout.splitlines()


@pytest.fixture(scope="module")
def report(reported):
    _, (code, stdout, stderr) = reported
    assert (code, stderr) == (0, "")
    return json.loads(stdout)


def section(lines, title):
    """The entries under one heading of the text report."""
    start = lines.index(title) + 1
    end = next((index for index in range(start, len(lines)) if not lines[index].startswith("  ")), len(lines))
    return [line.strip() for line in lines[start:end]]


def changelog(lines, heading):
    start = lines.index(f"### {heading}") + 1
    end = next((index for index in range(start, len(lines)) if not lines[index].startswith("- ")), len(lines))
    return [line[2:] for line in lines[start:end]]


def test_a_field_mapping_change_names_the_method_and_both_mappings(lines):
    assert lines[0] == f"{SPEC} at HEAD -> working tree"
    assert "fetchTicker: field last: `px` (number) -> `lastPx` (number)" in section(lines, "Unified methods")
    assert "fetchTicker reads `lastPx` (number) as last (was `px` (number))" in changelog(lines, "Changed")


def test_a_removed_method_flips_its_has_flag_to_ccxts_default(lines):
    assert "fetchTrades removed (was open GET v2/prints, parses trade.public)" in section(lines, "Unified methods")
    assert section(lines, "has") == ["fetchTrades: true -> null (ccxt's default)"]
    assert changelog(lines, "Removed") == ["fetchTrades (open GET v2/prints, parses trade.public)"]


def test_endpoints_added_and_changed_are_in_the_implicit_api(lines):
    assert section(lines, "Implicit API endpoints") == ["openGetV2Prints (open GET v2/prints): params since added: integer", "openGetV2Stats (open GET v2/stats) added"]
    assert "implicit API: openGetV2Stats (open GET v2/stats)" in changelog(lines, "Added")
    assert "implicit API: openGetV2Prints (open GET v2/prints): params since added: integer" in changelog(lines, "Changed")


def test_an_enum_value_shows_in_the_requests_that_round_to_it_and_the_methods_that_call_them(lines):
    assert section(lines, "Enums") == ["Depth: `1000` added"]
    methods = section(lines, "Unified methods")
    assert "fetchOrderBook: request depth: argument limit, round_up [10, 100] -> argument limit, round_up [10, 100, 1000]" in methods
    # the WebSocket book's snapshot is fetchOrderBook's
    assert "watchOrderBook: via fetchOrderBook request depth: argument limit, round_up [10, 100] -> argument limit, round_up [10, 100, 1000]" in methods
    assert "watchOrderBook sends `depth` from argument limit, round_up [10, 100, 1000] (was argument limit, round_up [10, 100]) (through fetchOrderBook)" in changelog(lines, "Changed")


def test_an_added_error_code_names_its_exception(lines):
    assert section(lines, "Error mappings") == ["error code `HALTED` added (ExchangeNotAvailable)"]
    assert "error code `HALTED` raises ExchangeNotAvailable" in changelog(lines, "Added")


def test_a_status_table_change_shows_in_the_table_and_in_the_methods_that_read_it(lines):
    assert section(lines, "Status tables") == ["halt: `paused` added: false", "halt: unknown: false -> true"]
    methods = section(lines, "Unified methods")
    assert "fetchMarkets: status halt `paused` added: false" in methods
    assert "fetchMarkets: status halt unknown: false -> true" in methods
    assert changelog(lines, "Changed")[:2] == ["fetchMarkets reads halt status `paused` as false", "fetchMarkets reads an unknown halt status as true (was false)"]


def test_fixture_cases_added_removed_and_changed_are_listed(lines):
    fixtures = section(lines, "Fixtures")
    ticker = yaml.safe_load((FAKEX / "fixtures" / "response.yaml").read_text())["methods"]["fetchTicker"][0]["description"]
    assert f"response fetchTicker: case '{ticker}' changed (httpResponse, parsedResponse)" in fixtures  # the answer is its info too
    assert "response: knownInvalid changed" in fixtures
    trades = [line for line in fixtures if "fetchTrades" in line]
    assert trades and all(line.endswith("removed") for line in trades)
    assert {line.split(" fetchTrades")[0] for line in trades} == {"request", "response"}


def test_nothing_else_is_reported(lines):
    methods = section(lines, "Unified methods")
    assert {line.split(" ")[0].rstrip(":") for line in methods} == {"fetchTicker", "fetchTrades", "fetchMarkets", "fetchOrderBook", "watchOrderBook"}
    assert "Exchange, signing, WebSocket and hand-written code" not in lines
    assert lines[-1].startswith("- ") and lines.index("Proposed CHANGELOG entry:") > lines.index("Fixtures")


def test_json_carries_the_same_entries_with_stable_keys(lines, report):
    assert list(report) == ["ref", "spec", "adapter_changed", "summary", "methods", "has", "endpoints", "errors", "statuses", "enums", "other", "fixtures", "changelog"]
    assert report["adapter_changed"] is True
    assert {"subject": "fetchTrades", "aspect": "", "old": "true", "new": "null (ccxt's default)", "change": "changed", "line": "fetchTrades: true -> null (ccxt's default)"} in report["has"]
    field = next(entry for entry in report["methods"] if entry["aspect"] == "field last")
    assert (field["subject"], field["old"], field["new"], field["change"]) == ("fetchTicker", "`px` (number)", "`lastPx` (number)", "changed")
    assert [entry["line"] for entry in report["methods"]] == section(lines, "Unified methods")
    assert report["changelog"]["Removed"] == changelog(lines, "Removed")


def test_no_change_says_so(tmp_path, monkeypatch):
    repo = make_repo(tmp_path)
    code, stdout, stderr = run(repo, "HEAD", "--spec", SPEC, chdir=monkeypatch.chdir)
    assert (code, stderr) == (0, "")
    assert stdout.splitlines() == [f"{SPEC} at HEAD -> working tree: no change to the adapter", "", "Proposed CHANGELOG entry: none"]
    code, stdout, _ = run(repo, "HEAD", "--spec", SPEC, "--json", chdir=monkeypatch.chdir)
    assert code == 0 and json.loads(stdout)["adapter_changed"] is False


def test_an_unknown_ref_is_exit_status_2_with_a_message(tmp_path, monkeypatch):
    repo = make_repo(tmp_path)
    code, stdout, stderr = run(repo, "no-such-branch", "--spec", SPEC, chdir=monkeypatch.chdir)
    assert (code, stdout) == (2, "")
    assert "unknown git ref 'no-such-branch'" in stderr


def test_a_spec_that_does_not_build_at_the_ref_is_named_with_file_and_line(tmp_path, monkeypatch):
    repo = make_repo(tmp_path)
    model = repo / SPEC / "model.yaml"
    good = model.read_text()
    model.write_text(good.replace("endpoint: open GET v2/quote/{ticker}", "endpoint: open GET v2/nowhere"))
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-am", "a broken spec")
    line = next(number for number, text in enumerate(model.read_text().splitlines(), 1) if "v2/nowhere" in text)
    model.write_text(good)
    code, stdout, stderr = run(repo, "HEAD", "--spec", SPEC, chdir=monkeypatch.chdir)
    assert (code, stdout) == (2, "")
    assert f"HEAD:{SPEC}/model.yaml:{line}: methods.fetchTicker.endpoint: endpoint 'open GET v2/nowhere' is not in endpoints" in stderr
    model.write_text(good.replace("parse: ticker", "parse: tickers"))
    code, _, stderr = run(repo, "HEAD~1", "--spec", SPEC, chdir=monkeypatch.chdir)
    assert code == 2 and "the spec in the working tree does not build" in stderr and f"{SPEC}/model.yaml:" in stderr
