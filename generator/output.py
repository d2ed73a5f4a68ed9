"""Write rendered files all at once, or compare them with what is on disk."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

# Made by Python or packaging tools inside the output tree, not by the generator.
IGNORED_PARTS = ("__pycache__", ".pytest_cache", ".mypy_cache")
IGNORED_SUFFIXES = (".pyc", ".egg-info")


def _owned(path: Path) -> bool:
    return not any(part in IGNORED_PARTS or part.endswith(IGNORED_SUFFIXES) for part in path.parts)


def files_on_disk(out_dir: Path) -> dict:
    if not out_dir.is_dir():
        return {}
    result = {}
    for path in sorted(out_dir.rglob("*")):
        relative = path.relative_to(out_dir)
        if path.is_file() and _owned(relative):
            result[relative.as_posix()] = path.read_text(encoding="utf-8")
    return result


def differences(out_dir: Path, files: dict) -> list:
    """Lines like 'changed: pkg/base.py' for every file that is not as rendered."""
    on_disk = files_on_disk(out_dir)
    result = []
    for path in sorted(set(files) | set(on_disk)):
        if path not in on_disk:
            result.append(f"missing: {path}")
        elif path not in files:
            result.append(f"not generated (stale): {path}")
        elif on_disk[path] != files[path]:
            result.append(f"changed: {path}")
    return result


def write_tree(out_dir: Path, files: dict) -> None:
    """Replace out_dir by a tree of exactly `files`, in one directory swap.

    The new tree is written beside out_dir first; only when it is complete is
    it renamed into place, so an interrupted run leaves the old tree intact.
    Tool-made entries (e.g. an .egg-info of an editable install) are kept.
    """
    out_dir = Path(out_dir)
    parent = out_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = parent / f".{out_dir.name}.new"
    retired = parent / f".{out_dir.name}.old"
    for leftover in (staging, retired):
        if leftover.exists():
            shutil.rmtree(leftover)
    staging.mkdir()
    for relative, text in files.items():
        target = staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    if out_dir.is_dir():
        for entry in out_dir.iterdir():
            if entry.name.endswith(IGNORED_SUFFIXES):
                shutil.copytree(entry, staging / entry.name) if entry.is_dir() else shutil.copy2(entry, staging / entry.name)
        os.rename(out_dir, retired)
    try:
        os.rename(staging, out_dir)
    except OSError:
        if retired.exists():
            os.rename(retired, out_dir)
        raise
    if retired.exists():
        shutil.rmtree(retired)
