"""A function's code folder and layers on the import path, for its execution environment only.

Lambda extracts the deployment package to ``/var/task`` and each layer to ``/opt``; the Python
runtime's path starts with ``/var/task``, then ``/opt/python/lib/python3.X/site-packages`` and
``/opt/python`` (packaging-layers.html, "Layer paths for each Lambda runtime"). Layers are
extracted in order, a later one overwriting an earlier one's files (adding-layers.html), so a later
layer's folder comes first here. Entering puts these folders first on ``sys.path`` and the modules
this environment imported from them back in ``sys.modules`` (the host's modules of the same names
set aside); leaving undoes both, so two functions whose folders both hold an ``app.py`` or a
``lib/`` never share a module.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from pytest_lambda.errors import ConfigurationError, with_docs

__all__ = ["CodePaths", "PythonLayerFolder", "code_paths"]

PathLike = str | os.PathLike[str]
_SUFFIXES = (".py", ".pyc", ".so", ".pyd")


class PythonLayerFolder:
    """A layer given as the folder Lambda extracts to ``/opt/python``, not as the layer's root.

    What ``sam build`` makes of a layer built with ``BuildMethod: python3.X``: the source folder's
    files and its requirements go to the artifact's ``python/`` (aws-sam-cli
    ``samcli/lib/build/workflow_config.py`` ``get_layer_subfolder``), so the source folder is ``/opt/python``.
    """

    __slots__ = ("path",)

    def __init__(self, path: PathLike) -> None:
        self.path = path

    def __fspath__(self) -> str:
        return os.fspath(self.path)


def _folder(name: str, value: object, base: Path) -> Path:
    if not isinstance(value, str | os.PathLike):
        raise ConfigurationError(with_docs(f"{name}={value!r} is not a path: give a folder", "code-folders-and-layers"))
    path = (base / os.fspath(value)).resolve()
    if not path.exists():
        raise ConfigurationError(
            with_docs(f"{name}={os.fspath(value)!r}: the folder {path} does not exist", "code-folders-and-layers")
        )
    if not path.is_dir():
        raise ConfigurationError(
            with_docs(f"{name}={os.fspath(value)!r}: {path} is not a folder", "code-folders-and-layers")
        )
    return path


def _layer_folders(layer: Path, label: str) -> list[Path]:
    python = layer / "python"
    if not python.is_dir():
        raise ConfigurationError(
            with_docs(
                f"{label}: {layer} has no python/ folder; Lambda puts a layer's python/ folder on the path "
                "(/opt/python): move the layer's packages into python/",
                "code-folders-and-layers",
            )
        )
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    site = python / "lib" / version / "site-packages"
    return [site, python] if site.is_dir() else [python]


def _top_names(folder: Path) -> set[str]:
    """The top-level modules and packages importable from ``folder``."""
    names = set()
    for entry in folder.iterdir():
        name = entry.name.split(".", 1)[0] if entry.suffix in _SUFFIXES else entry.name
        if name.isidentifier() and (entry.is_dir() or entry.suffix in _SUFFIXES):
            names.add(name)
    return names


class CodePaths:
    """The folders of one function's code and layers, and the modules its environment imported from them."""

    __slots__ = ("_host", "_names", "_owner", "_stash", "folders")

    def __init__(self, folders: Sequence[Path]) -> None:
        self.folders = tuple(str(folder) for folder in folders)
        self._names = frozenset(name for folder in folders for name in _top_names(folder))
        # The environment the stashed modules belong to: a new environment imports afresh.
        self._owner: object = None
        self._stash: dict[str, ModuleType] = {}
        self._host: dict[str, ModuleType] = {}

    def _ours(self) -> dict[str, ModuleType]:
        names = self._names
        return {key: module for key, module in list(sys.modules.items()) if key.partition(".")[0] in names}

    def enter(self, environment: object) -> None:
        """The folders first on ``sys.path``; ``environment``'s modules (none if it is new) in ``sys.modules``."""
        if self._owner is not environment:
            self._owner, self._stash = environment, {}
        self._host = self._ours()
        for key in self._host:
            del sys.modules[key]
        sys.modules.update(self._stash)
        sys.path[:0] = self.folders

    def leave(self) -> None:
        """The environment's modules set aside, the host's and its ``sys.path`` back."""
        self._stash = self._ours()
        for key in self._stash:
            del sys.modules[key]
        sys.modules.update(self._host)
        self._host = {}
        for folder in self.folders:
            # One occurrence each: the host may have the same folder on its path too.
            with contextlib.suppress(ValueError):
                sys.path.remove(folder)


def code_paths(code_root: PathLike | None, layers: Sequence[PathLike], base: Path | None = None) -> CodePaths | None:
    """Checked folders for ``LambdaFunction(code_root=..., layers=...)``; relative paths against ``base`` (the cwd)."""
    if isinstance(layers, str | os.PathLike):
        raise ConfigurationError(
            with_docs(f"layers={layers!r} must be a list of folders, not one path", "code-folders-and-layers")
        )
    if code_root is None and not layers:
        return None
    base = base or Path.cwd()
    folders: list[Path] = []
    if code_root is not None:
        folders.append(_folder("code_root", code_root, base))
    # The last layer wins a name clash, as it overwrites the earlier ones' files in /opt.
    for index, layer in reversed(list(enumerate(layers))):
        label = f"layers[{index}]"
        folder = _folder(label, layer, base)
        folders.extend([folder] if isinstance(layer, PythonLayerFolder) else _layer_folders(folder, label))
    return CodePaths(folders)
