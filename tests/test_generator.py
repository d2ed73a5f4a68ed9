"""The generator's promises: same spec, same bytes; --check finds every difference; all files or none."""

import os
import re

import pytest

from generator.loader import load_spec_dir, load_yaml
from generator.model import build_model
from generator.output import differences, write_tree
from generator.render import render

from support import GENERATED, ROOT, SPEC, run_generator


# The spec as `make generate` names it (from the repository root): it is in the generated files'
# headers, so the text is generated/'s and black's formatting of it is in the generator's cache.
SPEC_NAME = SPEC.relative_to(ROOT).as_posix()


def rendered():
    return render(build_model(load_spec_dir(SPEC)), SPEC_NAME)


@pytest.fixture(scope="module")
def files():
    """One rendering of the spec, in this process, for the tests that read it."""
    return rendered()


def test_rendering_is_deterministic(files):
    assert rendered() == files


def test_another_process_writes_the_identical_tree(tmp_path, files):
    """A separate process, with string hashing seeded otherwise than this one (so set and dict
    orders that follow hashes differ), writes exactly what this process renders. The one run of
    the real `python -m generator generate` (its entry point, exit status, a fresh interpreter);
    the other tests call its main() in this process."""
    seed = "1" if os.environ.get("PYTHONHASHSEED") != "1" else "2"
    out = tmp_path / "out"
    assert run_generator("--spec", SPEC_NAME, "--out", out, in_process=False, env={"PYTHONHASHSEED": seed}).returncode == 0
    written = sorted(path.relative_to(out).as_posix() for path in out.rglob("*") if path.is_file())
    assert written == sorted(files)
    assert all((out / name).read_bytes() == files[name].encode("utf-8") for name in written)


def test_committed_output_matches_the_spec(files):
    """The golden record: generated/ is exactly what the spec renders to."""
    assert differences(GENERATED, files) == []


def test_check_lists_changed_missing_and_stale_files(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "out"
    assert run_generator("--spec", SPEC_NAME, "--out", out).returncode == 0
    assert run_generator("--check", "--spec", SPEC_NAME, "--out", out).returncode == 0
    (out / "ccxt_backpack" / "base.py").write_text("# edited by hand\n")
    (out / "CAPABILITIES.md").unlink()
    (out / "leftover.py").write_text("")
    result = run_generator("--check", "--spec", SPEC_NAME, "--out", out)
    assert result.returncode == 1
    for line in ("changed: ccxt_backpack/base.py", "missing: CAPABILITIES.md", "not generated (stale): leftover.py"):
        assert line in result.stderr
    assert (out / "ccxt_backpack" / "base.py").read_text() == "# edited by hand\n", "--check must not write"


def test_generated_python_is_black_formatted(files):
    # black through the generator's memo of its output (keyed by black's version, the mode and the
    # text): formatting 18 files again on every run takes seconds, and a text black would change
    # maps to that changed text all the same
    import black

    from generator.render import BLACK_MODE, _black

    assert BLACK_MODE == black.Mode(line_length=120)  # [tool.black]
    for path, text in files.items():
        if path.endswith(".py") and "/handwritten/" not in path:
            assert _black(text) == text, path


def test_an_interrupted_write_leaves_the_previous_tree(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_tree(out, {"a.py": "old a\n", "sub/b.py": "old b\n"})
    real_write = type(out).write_text
    written = []

    def failing_write(self, text, *args, **kwargs):
        if len(written) == 1:
            raise OSError("disk full")
        written.append(self)
        return real_write(self, text, *args, **kwargs)

    monkeypatch.setattr(type(out), "write_text", failing_write)
    with pytest.raises(OSError):
        write_tree(out, {"a.py": "new a\n", "sub/b.py": "new b\n"})
    monkeypatch.undo()
    assert (out / "a.py").read_text() == "old a\n" and (out / "sub" / "b.py").read_text() == "old b\n"


def test_write_replaces_the_whole_tree_but_keeps_tool_made_entries(tmp_path):
    out = tmp_path / "out"
    write_tree(out, {"a.py": "a\n", "gone.py": "x\n"})
    (out / "pkg.egg-info").mkdir()
    (out / "pkg.egg-info" / "PKG-INFO").write_text("metadata")
    write_tree(out, {"a.py": "a2\n"})
    assert sorted(p.name for p in out.iterdir()) == ["a.py", "pkg.egg-info"]
    assert (out / "pkg.egg-info" / "PKG-INFO").read_text() == "metadata"


def test_readme_capability_table_is_the_generated_one(files):
    from generator.readme import README_MARKERS, readme_with_table

    readme = (ROOT / "README.md").read_text()
    assert README_MARKERS[0] in readme
    assert readme_with_table(readme, files["CAPABILITIES.md"]) == readme


def test_every_result_kind_has_its_template_and_no_template_branches_on_kinds():
    """Adding a kind is a class in generator/kinds.py and a template in templates/package/methods/."""
    from generator import kinds

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    templates = ROOT / "templates" / "package" / "methods"
    named = {kind.template for kind in subclasses(kinds.Kind) if kind.template}
    present = {path.name for path in templates.glob("*.py.j2")}
    assert named == present
    for path in (ROOT / "templates").rglob("*.j2"):
        text = path.read_text()
        assert not re.search(r"unified\.(kind|returns)\b|kind\.__name__|\.returns\s*==", text), path


def test_a_text_loaded_again_is_a_fresh_copy_labelled_with_its_own_file(tmp_path):
    """The loader keeps parsed texts for the next load (the tests load hundreds of specs that
    differ in one file): each load still gets its own tree, with its own file in every mark."""
    text = "section:\n  key: [a, b]\n  other: {x: 1}\n"
    first, second = tmp_path / "one.yaml", tmp_path / "two.yaml"
    first.write_text(text)
    second.write_text(text)
    loads = [load_yaml(first, "one.yaml"), load_yaml(second, "two.yaml"), load_yaml(first, "one.yaml")]
    loads[0]["section"]["key"].append("changed")
    loads[1]["section"]["other"]["x"] = 2
    third = loads[2]["section"]
    assert third == {"key": ["a", "b"], "other": {"x": 1}}
    assert (loads[1].file, loads[1]["section"].file, loads[1]["section"]["key"].file) == ("two.yaml",) * 3
    assert (third.file, third["other"].file, third.line_of("other")) == ("one.yaml", "one.yaml", 3)


def test_the_cache_keeps_values_by_key_ignores_damaged_entries_and_can_be_turned_off(tmp_path, monkeypatch):
    """generator/cache.py: what the generator keeps between runs (templates, parsed documents)."""
    from generator import cache

    monkeypatch.setenv("GENERATOR_CACHE", str(tmp_path / "cache"))
    cache.store("openapi", "key", {"operations": ["GET v1/items"]})
    assert cache.load("openapi", "key") == {"operations": ["GET v1/items"]}
    assert cache.load("openapi", "other") is None
    (tmp_path / "cache" / "openapi" / "key.pickle").write_bytes(b"\x80\x05 cut short")
    assert cache.load("openapi", "key") is None  # a damaged entry is a miss, never an error
    monkeypatch.setenv("GENERATOR_CACHE", "")
    cache.store("openapi", "key", 1)
    assert cache.cache_dir("openapi") is None and cache.load("openapi", "key") is None


def test_a_kind_with_a_limit_keeps_the_entries_written_last(tmp_path, monkeypatch):
    """generator/cache.py: the parsed spec files (a new entry for every edited copy the tests load) are pruned."""
    from generator import cache

    monkeypatch.setenv("GENERATOR_CACHE", str(tmp_path / "cache"))
    for index in range(30):
        cache.store("spec", f"entry{index}", index, keep=10)
        os.utime(tmp_path / "cache" / "spec" / f"entry{index}.pickle", (index, index))  # written in this order
    kept = sorted(int(path.stem.removeprefix("entry")) for path in (tmp_path / "cache" / "spec").glob("*.pickle"))
    assert 10 <= len(kept) <= 11 and kept == list(range(30 - len(kept), 30))
    assert cache.load("spec", "entry29") == 29


def test_black_keeps_the_outputs_used_last(tmp_path, monkeypatch):
    """generator/render.py: a formatted text read from the cache counts as used, so the entries a
    run reads every time outlive those written once since (the pruning keeps CACHE_ENTRIES)."""
    from generator import render

    monkeypatch.setenv("GENERATOR_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(render, "CACHE_ENTRIES", 3)
    texts = [f"x = {number}\n" for number in range(4)]
    render._black.cache_clear()
    for text in texts[:3]:
        render._black(text)
    entries = tmp_path / "cache" / "black"
    for age, entry in enumerate(sorted(entries.iterdir(), key=lambda entry: entry.read_text())):
        os.utime(entry, (age + 1, age + 1))  # written long ago, the first text first
    render._black.cache_clear()  # a new process: the memory is empty, the directory is not
    render._black(texts[0])  # read: used now
    render._black(texts[3])  # a fourth entry: the one used least recently goes, the second text's
    assert sorted(entry.read_text() for entry in entries.iterdir()) == [texts[0], texts[2], texts[3]]
    render._black.cache_clear()
