"""Where the shipped indicator, weights and schema files are, by name.

After a wheel install they are inside the package (``scoring/_data``); in a
source checkout or an editable install they are the repository's own
``indicators/``, ``weights/`` (with ``weights/monitoring/``) and ``schemas/``
folders, the files users edit.
"""

from __future__ import annotations

import os

from scoring.files.reading import path_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

# Paths are strings here, as pathlib writes them (see path_text); every function
# takes a str or a Path.

KINDS = ("indicators", "weights", "schemas", "monitoring")
# Monitoring profiles ship beside the weights profiles, in weights/monitoring/,
# so that they are not taken for (or listed as) weights profiles.
_FOLDERS = {"monitoring": os.path.join("weights", "monitoring")}
# src/scoring/files -> the package scoring/, whose _data/ a wheel fills.
_PACKAGE = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))


def shipped_dir(kind: str) -> str:
    """The folder that holds the shipped files of ``kind``."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    folder = _FOLDERS.get(kind, kind)
    installed = os.path.join(_PACKAGE, "_data", folder)
    if os.path.isdir(installed):
        return installed
    return os.path.join(os.path.dirname(os.path.dirname(_PACKAGE)), folder)


def shipped_names(kind: str) -> list[str]:
    """Names of the shipped files of ``kind`` (file names without ``.yaml``)."""
    folder = shipped_dir(kind)
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return sorted(name[: -len(".yaml")] for name in names if name.endswith(".yaml"))


def looks_like_path(ref: str) -> bool:
    """Whether ``ref`` names a file rather than a shipped name."""
    return "/" in ref or "\\" in ref or ref.endswith((".yaml", ".yml", ".json"))


def given_path(kind: str, ref: str, base: str | Path | None = None) -> str | None:
    """The path ``ref`` stands for, whether or not a file is there (None for a shipped name)."""
    if not looks_like_path(ref):
        return None
    return _joined(base, ref)


def _joined(base: str | Path | None, ref: str) -> str:
    """``ref``, relative to ``base`` unless it is absolute: ``str(Path(base) / ref)``."""
    if base is None or os.path.isabs(ref):
        return path_text(ref)
    return path_text(os.path.join(base, ref))


def known_names(kind: str, ref: str, base: str | Path | None = None) -> list[str]:
    """What ``ref`` could have meant: the shipped names, or the .yaml files beside the path."""
    given = given_path(kind, ref, base)
    folder = os.path.dirname(ref) if given is not None else ""
    folder = "" if folder == "." else folder
    where = os.path.dirname(given) if given is not None else os.fspath(base or "")
    try:
        beside = sorted(
            name
            for name in os.listdir(where or ".")
            if os.path.splitext(name)[1] in (".yaml", ".yml")
        )
    except (OSError, ValueError):
        beside = []
    files = [os.path.join(folder, name) if folder else name for name in beside]
    return files if given is not None else [*shipped_names(kind), *files]


def find(kind: str, ref: str, base: str | Path | None = None) -> str | None:
    """The file that ``ref`` names: a path (relative to ``base``) or a shipped name.

    Returns ``None`` when there is no such file, or no file can have that name.
    """
    if looks_like_path(ref):
        path = _joined(base, ref)
    else:
        path = os.path.join(shipped_dir(kind), f"{ref}.yaml")
    try:
        return path if os.path.isfile(path) else None
    except (OSError, ValueError):
        # A name too long for the file system, or with a NUL byte in it.
        return None
