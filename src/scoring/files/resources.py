"""Where the shipped indicator, weights and schema files are, by name.

After a wheel install they are inside the package (``scoring/_data``); in a
source checkout or an editable install they are the repository's own
``indicators/``, ``weights/`` (with ``weights/monitoring/``) and ``schemas/``
folders, the files users edit.
"""

from __future__ import annotations

from pathlib import Path

KINDS = ("indicators", "weights", "schemas", "monitoring")
# Monitoring profiles ship beside the weights profiles, in weights/monitoring/,
# so that they are not taken for (or listed as) weights profiles.
_FOLDERS = {"monitoring": Path("weights") / "monitoring"}
# src/scoring/files -> the package scoring/, whose _data/ a wheel fills.
_PACKAGE = Path(__file__).resolve().parent.parent


def shipped_dir(kind: str) -> Path:
    """The folder that holds the shipped files of ``kind``."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    folder = _FOLDERS.get(kind, Path(kind))
    installed = _PACKAGE / "_data" / folder
    if installed.is_dir():
        return installed
    return _PACKAGE.parent.parent / folder


def shipped_names(kind: str) -> list[str]:
    """Names of the shipped files of ``kind`` (file names without ``.yaml``)."""
    folder = shipped_dir(kind)
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.yaml"))


def looks_like_path(ref: str) -> bool:
    """Whether ``ref`` names a file rather than a shipped name."""
    return "/" in ref or "\\" in ref or ref.endswith((".yaml", ".yml", ".json"))


def given_path(kind: str, ref: str, base: Path | None = None) -> Path | None:
    """The path ``ref`` stands for, whether or not a file is there (None for a shipped name)."""
    if not looks_like_path(ref):
        return None
    path = Path(ref)
    if not path.is_absolute() and base is not None:
        path = base / path
    return path


def known_names(kind: str, ref: str, base: Path | None = None) -> list[str]:
    """What ``ref`` could have meant: the shipped names, or the .yaml files beside the path."""
    given = given_path(kind, ref, base)
    folder = Path(ref).parent if given is not None else Path()
    where = given.parent if given is not None else base or Path()
    try:
        beside = sorted(p.name for p in where.iterdir() if p.suffix in (".yaml", ".yml"))
    except (OSError, ValueError):
        beside = []
    files = [str(folder / name) if str(folder) != "." else name for name in beside]
    return files if given is not None else [*shipped_names(kind), *files]


def find(kind: str, ref: str, base: Path | None = None) -> Path | None:
    """The file that ``ref`` names: a path (relative to ``base``) or a shipped name.

    Returns ``None`` when there is no such file, or no file can have that name.
    """
    if looks_like_path(ref):
        path = Path(ref)
        if not path.is_absolute() and base is not None:
            path = base / path
    else:
        path = shipped_dir(kind) / f"{ref}.yaml"
    try:
        return path if path.is_file() else None
    except (OSError, ValueError):
        # A name too long for the file system, or with a NUL byte in it.
        return None
