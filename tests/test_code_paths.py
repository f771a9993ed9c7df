"""``LambdaFunction(code_root=..., layers=...)``: the code folder and layers on the path, per execution environment."""

from __future__ import annotations

import sys
from pathlib import Path
from textwrap import dedent

import pytest

from pytest_lambda import ConfigurationError, LambdaFunction


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dedent(text))
    return path


def _app(root: Path, tag: str) -> Path:
    """A code folder with ``app.handler`` importing ``lib.tag`` from its own folder and ``shared`` from a layer."""
    _write(
        root / "app.py", "import lib\nimport shared\ndef handler(event, context):\n    return [lib.TAG, shared.NAME]\n"
    )
    _write(root / "lib" / "__init__.py", f"TAG = {tag!r}\n")
    # Neither is a module: nothing of the host's named so is set aside.
    _write(root / "requirements.txt", "boto3\n")
    (root / ".aws-sam").mkdir(exist_ok=True)
    return root


def test_code_root_and_layer_are_importable_during_the_invoke_only(tmp_path: Path) -> None:
    root = _app(tmp_path / "src", "one")
    _write(tmp_path / "layers" / "common" / "python" / "shared.py", "NAME = 'layer'\n")
    before = list(sys.path)
    function = LambdaFunction("app.handler", code_root=root, layers=[tmp_path / "layers" / "common"])
    assert function.invoke({}).payload == ["one", "layer"]
    assert sys.path == before
    assert "lib" not in sys.modules
    assert "shared" not in sys.modules
    assert function.code_paths == (str(root), str(tmp_path / "layers" / "common" / "python"))
    assert LambdaFunction("app.handler").code_paths == ()


def test_two_functions_with_the_same_module_names_never_share_them(tmp_path: Path) -> None:
    one = LambdaFunction("app.handler", code_root=_app(tmp_path / "one", "one"), layers=[_layer(tmp_path, "a")])
    two = LambdaFunction("app.handler", code_root=_app(tmp_path / "two", "two"), layers=[_layer(tmp_path, "b")])
    with one, two:
        assert one.invoke({}).payload == ["one", "a"]
        assert two.invoke({}).payload == ["two", "b"]
        assert one.invoke({}).payload == ["one", "a"]


def _layer(tmp_path: Path, name: str) -> Path:
    _write(tmp_path / f"layer-{name}" / "python" / "shared.py", f"NAME = {name!r}\n")
    return tmp_path / f"layer-{name}"


def test_a_warm_environment_keeps_its_modules_and_a_new_one_imports_them_again(tmp_path: Path) -> None:
    root = tmp_path / "src"
    _write(root / "counter.py", "CALLS = []\n")
    _write(
        root / "app.py",
        "import counter\ndef handler(event, context):\n    counter.CALLS.append(1)\n    return len(counter.CALLS)\n",
    )
    function = LambdaFunction("app.handler", code_root=root)
    assert [function.invoke().payload for _ in range(2)] == [1, 2]
    function.reset()
    assert function.invoke().payload == 1


def test_the_hosts_module_of_the_same_name_is_set_aside_and_put_back(tmp_path: Path) -> None:
    root = tmp_path / "src"
    _write(root / "app.py", "import lib\ndef handler(event, context):\n    return lib.TAG\n")
    _write(root / "lib.py", "TAG = 'function'\n")
    host = type(sys)("lib")
    sys.modules["lib"] = host
    try:
        assert LambdaFunction("app.handler", code_root=str(root)).invoke().payload == "function"
        assert sys.modules["lib"] is host
    finally:
        del sys.modules["lib"]


def test_a_later_layer_wins_as_it_overwrites_the_earlier_ones(tmp_path: Path) -> None:
    root = _write(tmp_path / "src" / "app.py", "import shared\ndef handler(event, context):\n    return shared.NAME\n")
    layers = [_layer(tmp_path, "first"), _layer(tmp_path, "second")]
    assert LambdaFunction("app.handler", code_root=root.parent, layers=layers).invoke().payload == "second"


def test_a_layers_site_packages_folder_comes_before_its_python_folder(tmp_path: Path) -> None:
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    layer = tmp_path / "layer"
    _write(layer / "python" / "lib" / version / "site-packages" / "shared.py", "NAME = 'site'\n")
    _write(layer / "python" / "shared.py", "NAME = 'python'\n")
    _write(tmp_path / "src" / "app.py", "import shared\ndef handler(event, context):\n    return shared.NAME\n")
    function = LambdaFunction("app.handler", code_root=tmp_path / "src", layers=[layer])
    assert function.invoke().payload == "site"


def test_initialize_imports_from_the_code_root(tmp_path: Path) -> None:
    _app(tmp_path / "src", "init")
    function = LambdaFunction("app.handler", code_root=tmp_path / "src", layers=[_layer(tmp_path, "x")])
    assert function.initialize().module is not None
    assert "lib" not in sys.modules
    assert function.invoke().payload == ["init", "x"]
    assert not function.invoke().cold_start


def test_relative_folders_are_the_cwds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _app(tmp_path / "src", "relative")
    _layer(tmp_path, "rel")
    monkeypatch.chdir(tmp_path)
    assert LambdaFunction("app.handler", code_root="src", layers=["layer-rel"]).invoke().payload == ["relative", "rel"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"code_root": "missing"}, "code_root='missing': the folder .* does not exist"),
        ({"code_root": "file.txt"}, "code_root='file.txt': .* is not a folder"),
        ({"code_root": 3}, "code_root=3 is not a path"),
        ({"layers": "layer"}, "layers='layer' must be a list of folders"),
        ({"layers": ["nolayer"]}, r"layers\[0\]: .* has no python/ folder"),
        ({"layers": ["missing"]}, r"layers\[0\]='missing': the folder"),
    ],
)
def test_bad_folders_are_refused_with_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: dict[str, object], message: str
) -> None:
    (tmp_path / "file.txt").write_text("")
    (tmp_path / "nolayer").mkdir()
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigurationError, match=message) as raised:
        LambdaFunction("app.handler", **options)  # type: ignore[arg-type]
    assert "#code-folders-and-layers" in str(raised.value)


def test_the_marker_resolves_relative_folders_against_the_test_files(pytester: pytest.Pytester) -> None:
    _app(pytester.path / "tests" / "src", "marker")
    _write(pytester.path / "tests" / "layers" / "common" / "python" / "shared.py", "NAME = 'common'\n")
    _write(
        pytester.path / "tests" / "test_app.py",
        """
        import pytest

        @pytest.mark.lambda_function(handler="app.handler", code_root="src", layers=["layers/common"])
        def test_app(lambda_function):
            assert lambda_function().invoke({}).payload == ["marker", "common"]
        """,
    )
    pytester.chdir()
    result = pytester.runpytest("tests", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
