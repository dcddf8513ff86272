"""Turn command-line paths (files, directories, globs, "-") into the files to read, in a stable order."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator

from eventwire.errors import InputError
from eventwire.readers.formats import EXTENSIONS

STDIN = "-"
GLOB_CHARS = frozenset("*?[")
# A directory matched by a glob and named like an input file is reported as unreadable, not skipped.
INPUT_SUFFIXES = frozenset(EXTENSIONS) | {".xml", ".gz"}


def expand_paths(paths: Iterable[str]) -> Iterator[str | InputError]:
    """Each file to read (or "-" for stdin), or an `InputError` for a path that names nothing.

    Directories are walked recursively in sorted order, skipping hidden entries and `.json` sidecars
    of a same-stem `.txt`. Globs (`*`, `?`, `**`) are expanded in sorted order with the same skips; a
    matched directory is skipped unless it is named like an input file, which is then reported as
    unreadable.
    """
    for path in paths:
        if path == STDIN:
            yield STDIN
        elif os.path.isdir(path):
            yield from walk_directory(path)
        elif os.path.lexists(path):
            yield path  # a file, or a broken link that fails with "cannot read"
        elif GLOB_CHARS & set(path):
            yield from expand_glob(path)
        else:
            yield InputError(path, "no such file or directory")


def expand_glob(pattern: str) -> Iterator[str | InputError]:
    matches = sorted(glob.iglob(pattern, recursive=True))
    if not matches:
        yield InputError(pattern, "no such file or directory (the pattern matches nothing)")
    for path in matches:
        if is_sidecar(path):
            continue
        if not os.path.isdir(path) or os.path.splitext(path)[1].lower() in INPUT_SUFFIXES:
            yield path


def walk_directory(root: str, _seen: set[str] | None = None) -> Iterator[str | InputError]:
    """Files under `root` in sorted order, one directory listing at a time; follows links without loops."""
    seen = _seen if _seen is not None else set()
    real = os.path.realpath(root)
    if real in seen:
        return
    seen.add(real)
    try:
        names = sorted(os.listdir(root))
    except OSError as exc:
        yield InputError(root, f"cannot read: {exc}")
        return
    for name in names:
        if name.startswith("."):
            continue
        path = os.path.join(root, name)
        if os.path.isdir(path):
            yield from walk_directory(path, seen)
        elif not is_sidecar(path):
            yield path


def is_sidecar(path: str) -> bool:
    """A `.json` file next to a `.txt` of the same stem holds that text's metadata."""
    stem, suffix = os.path.splitext(path)
    return suffix.lower() == ".json" and os.path.isfile(stem + ".txt")
