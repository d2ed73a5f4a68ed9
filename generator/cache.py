"""What the generator keeps between runs: black's output, compiled templates, parsed spec
files and parsed upstream documents, each in its own subdirectory.

Every entry is keyed by the content it was made from (a text, a template's source, a
document's sha256 and the code that reads it), so a stale entry is never read. The
directory is $GENERATOR_CACHE, else ~/.cache/ccxt-generator; GENERATOR_CACHE= (empty), or
a directory that cannot be written, runs without a cache, only slower. remembered() is the
same within one process, in memory.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any, Callable


def cache_dir(*parts: str) -> Path | None:
    """The cache directory (a subdirectory of it), made if need be; None without a usable one."""
    setting = os.environ.get("GENERATOR_CACHE")
    if setting == "":
        return None
    path = (Path(setting) if setting else Path.home() / ".cache" / "ccxt-generator").joinpath(*parts)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path if os.access(path, os.W_OK) else None


def source_digest(*modules: Any) -> str:
    """A short digest of the source of these modules: part of the key of what their code made."""
    digest = hashlib.sha256()
    for module in modules:
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]


def load(kind: str, key: str) -> Any:
    """The value stored under (kind, key), or None."""
    directory = cache_dir(kind)
    if directory is None:
        return None
    try:
        return pickle.loads((directory / f"{key}.pickle").read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None


def store(kind: str, key: str, value: Any, keep: int | None = None) -> None:
    """Keep a value under (kind, key); a cache that cannot be written is skipped. With `keep`,
    the kind keeps that many entries, those written last."""
    directory = cache_dir(kind)
    if directory is None:
        return
    target = directory / f"{key}.pickle"
    temporary = target.with_name(f".{target.name}.{os.getpid()}")
    try:
        temporary.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        temporary.replace(target)  # whole or not at all, with other processes writing the same key
        if keep is not None:
            _prune(directory, keep)
    except OSError:  # another process's pruning may remove an entry under this one's: a cache, nothing lost
        temporary.unlink(missing_ok=True)


def _prune(directory: Path, keep: int) -> None:
    """Keep the `keep` entries written last, once a tenth more have come (a listing is cheap, a stat of each entry is not)."""
    entries = list(directory.glob("*.pickle"))
    if len(entries) > keep + keep // 10:
        for stale in sorted(entries, key=lambda entry: entry.stat().st_mtime)[:-keep]:
            stale.unlink(missing_ok=True)


def remembered(memory: dict, key: Any, limit: int, make: Callable[[], Any]) -> Any:
    """memory[key], made by make() when missing: a process's memory of what it read, keeping
    `limit` entries, the one used least recently making way for a new one."""
    value = memory.pop(key, None)
    if value is None:
        value = make()
        if len(memory) >= limit:
            del memory[next(iter(memory))]
    memory[key] = value
    return value
