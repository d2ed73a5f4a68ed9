"""python -m generator generate [--spec DIR] [--out DIR] [--check] [--readme FILE]
   python -m generator diff <git-ref> [--spec DIR] [--json]
   python -m generator drift [--spec DIR] [--openapi PATH_OR_URL] [--json]
   python -m generator sync-openapi <document> [--spec DIR] [--dry-run] [--taken DATE]
   python -m generator coverage [--spec DIR]"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path

from . import collector
from .drift import run as run_drift
from .errors import SpecError, SpecErrors
from .loader import load_spec_dir
from .model import build_model
from .output import differences, write_tree
from .readme import README_MARKERS, readme_with_table
from .spec_diff import run as run_diff
from .sync import run as sync_openapi
from .upstream_check import coverage


@collector.paused
def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    if args.spec is None:
        args.spec = default_spec_dir()
        if args.spec is None:
            print("spec error: no --spec given and spec/ does not hold exactly one exchange directory", file=sys.stderr)
            return 3 if args.command == "drift" else 2
    if args.command == "diff":
        return run_diff(args.ref, Path(args.spec), args.json)
    if args.command == "drift":
        return run_drift(Path(args.spec), args.openapi, args.json, sys.stdout)
    if args.command == "sync-openapi":
        return sync_openapi(args.document, Path(args.spec), dry_run=args.dry_run, taken=args.taken)
    if args.command == "coverage":
        return print_coverage(args.spec)
    return generate_files(args)


@functools.cache  # a process that runs main() again and again (the tests) builds it once: 2 ms, gettext's look-ups on disk
def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description="Render a ccxt adapter from a YAML spec of an exchange API.")
    commands = parser.add_subparsers(dest="command", required=True)
    generate = commands.add_parser("generate", help="render the adapter and its fixture tests")
    generate.add_argument("--spec", default=None, help="spec directory (default: the one directory under spec/)")
    generate.add_argument("--out", default="generated", help="output directory (default: generated)")
    generate.add_argument("--check", action="store_true", help="write nothing; exit 1 if the output on disk differs")
    generate.add_argument("--readme", help=f"also keep the capability table between {README_MARKERS[0]} markers in this file")
    diff = commands.add_parser("diff", help="say what a spec change does to the adapter: the spec at a git ref against the working tree")
    diff.add_argument("ref", help="the git ref (commit, branch, tag) of the spec to compare with")
    diff.add_argument("--spec", default=None, help="spec directory (default: the one directory under spec/)")
    diff.add_argument("--json", action="store_true", help="print the report as a JSON object")
    drift = commands.add_parser("drift", help="compare the spec with its upstream OpenAPI snapshot or another document")
    drift.add_argument("--spec", default=None, help="spec directory (default: the one directory under spec/)")
    drift.add_argument("--openapi", help="the document: a path or an http(s) URL (default: the spec's upstream snapshot)")
    drift.add_argument("--json", action="store_true", help="print a machine-readable object instead of the report")
    sync = commands.add_parser("sync-openapi", help="apply a new OpenAPI document to the spec, and list what is left to do by hand")
    sync.add_argument("document", help="the new document: a file (YAML or JSON) or an http(s) URL")
    sync.add_argument("--spec", default=None, help="spec directory (default: the one directory under spec/)")
    sync.add_argument("--dry-run", action="store_true", help="print the diff it would apply and the to-do; write nothing")
    sync.add_argument("--taken", help="the day the document was taken, for upstream.taken (default: today)")
    coverage = commands.add_parser("coverage", help="count, per upstream answer schema, the properties the structures read and those listed as unread")
    coverage.add_argument("--spec", default=None, help="spec directory (default: the one directory under spec/)")
    return parser


def generate_files(args) -> int:
    """The `generate` command: render the spec; write the tree, or with --check compare it."""
    from .render import RenderError, render  # black and jinja2: a fifth of a second that the other commands do without

    try:
        spec = load_spec_dir(Path(args.spec))
        model = build_model(spec)
        files = render(model, Path(args.spec).as_posix())
    except (SpecError, SpecErrors) as error:
        print(f"spec error:\n{error}" if isinstance(error, SpecErrors) else f"spec error: {error}", file=sys.stderr)
        print("nothing was written.", file=sys.stderr)
        return 2
    except RenderError as error:
        print(f"generator bug: {error}", file=sys.stderr)
        return 3

    out_dir = Path(args.out)
    readme = Path(args.readme) if args.readme else None
    readme_text = readme_with_table(readme.read_text(encoding="utf-8"), files["CAPABILITIES.md"]) if readme else None
    if args.check:
        problems = differences(out_dir, files)
        if readme and readme.read_text(encoding="utf-8") != readme_text:
            problems.append(f"changed: {readme} (capability table)")
        if problems:
            print(f"{out_dir} is not what {args.spec} renders to:", file=sys.stderr)
            for problem in problems:
                print(f"  {problem}", file=sys.stderr)
            print("run `make generate` and commit the result.", file=sys.stderr)
            return 1
        print(f"{out_dir} matches {args.spec} ({len(files)} files).")
        return 0
    write_tree(out_dir, files)
    if readme:
        readme.write_text(readme_text, encoding="utf-8")
    print(f"wrote {len(files)} files to {out_dir}")
    return 0


def print_coverage(spec_dir: str) -> int:
    """Per answer schema the structures parse: properties read, listed as unread, in all; then the totals."""
    try:
        spec = load_spec_dir(Path(spec_dir))
        if "upstream" not in spec:
            print(f"spec error: {spec_dir} has no upstream section, so no answer schemas to cover", file=sys.stderr)
            return 2
        schemas = coverage(spec)
    except SpecError as error:
        print(f"spec error: {error}", file=sys.stderr)
        return 2
    width = max([len("schema"), *(len(schema.schema) for schema in schemas)])
    rows = [(schema.schema, len(schema.read), len(schema.unread), len(schema.properties)) for schema in schemas]
    print(f"{'schema':<{width}}  {'read':>5}  {'unread':>6}  {'total':>5}")
    for name, read, unread, total in [*rows, ("total", *(sum(row[i] for row in rows) for i in (1, 2, 3)))]:
        print(f"{name:<{width}}  {read:>5}  {unread:>6}  {total:>5}")
    neither = [f"{schema.schema}.{name}" for schema in schemas for name in schema.neither]
    if neither:
        print(f"neither read nor listed under unread ({len(neither)}): {', '.join(neither)}")
    return 0


def default_spec_dir():
    """The single exchange spec under spec/, the repository's one exchange."""
    candidates = sorted(path for path in Path("spec").glob("*") if path.is_dir()) if Path("spec").is_dir() else []
    return candidates[0].as_posix() if len(candidates) == 1 else None


if __name__ == "__main__":
    sys.exit(main())
