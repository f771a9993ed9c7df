"""SAM functions and layers with Metadata.BuildMethod: what `sam build` would make of them (building-layers.html)."""

from __future__ import annotations

import sys
from pathlib import Path
from textwrap import dedent

import pytest

from pytest_lambda.aws import LambdaAWS, Stack, TemplateError

RUNTIME = f"python{sys.version_info.major}.{sys.version_info.minor}"
APP = "import shared\n\ndef handler(event, context):\n    return shared.greet(event['name'])\n"
SHARED = "def greet(name):\n    return 'hi ' + name\n"


def template(root: Path, layer_metadata: str, *, function_metadata: str = "", content_uri: str = "layer/") -> Path:
    (root / "src").mkdir(exist_ok=True)
    (root / "src" / "app.py").write_text(APP)
    path = root / "template.yaml"
    path.write_text(
        dedent(
            f"""
            Transform: AWS::Serverless-2016-10-31
            Resources:
              HelloFunction:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: src/
                  Handler: app.handler
                  Runtime: {RUNTIME}
                  Layers: [!Ref SharedLayer]
            {function_metadata}
              SharedLayer:
                Type: AWS::Serverless::LayerVersion
                Properties:
                  ContentUri: {content_uri}
            {layer_metadata}
            """
        )
    )
    return path


def source_layer(root: Path) -> Path:
    """A layer's source as sam build takes it for BuildMethod python3.X: modules and requirements, no python/."""
    layer = root / "layer"
    layer.mkdir()
    (layer / "shared.py").write_text(SHARED)
    (layer / "requirements.txt").write_text("")
    return layer


def test_a_python_build_method_makes_the_layer_s_folder_opt_python(tmp_path: Path, lambda_aws: LambdaAWS) -> None:
    layer = source_layer(tmp_path)
    path = template(tmp_path, "    Metadata:\n                  BuildMethod: python3.12")
    stack = Stack.from_template(path)
    function = stack.function("HelloFunction")
    assert function.invoke({"name": "Ada"}).payload == "hi Ada"
    assert function.code_paths == (str(tmp_path / "src"), str(layer))
    assert not [item for item in stack.not_simulated if item.logical_id.startswith("SharedLayer")]


def test_without_a_build_method_the_layer_s_python_folder_is_on_the_path(tmp_path: Path, lambda_aws: LambdaAWS) -> None:
    layer = tmp_path / "layer" / "python"
    layer.mkdir(parents=True)
    (layer / "shared.py").write_text(SHARED)
    stack = Stack.from_template(template(tmp_path, ""))
    assert stack.function("HelloFunction").invoke({"name": "Bo"}).payload == "hi Bo"


def test_the_template_sam_build_wrote_keeps_the_build_method_and_points_at_the_built_folder(
    tmp_path: Path, lambda_aws: LambdaAWS
) -> None:
    # .aws-sam/build/template.yaml: ContentUri is the built folder, which holds only python/.
    built = tmp_path / "SharedLayer" / "python"
    built.mkdir(parents=True)
    (built / "shared.py").write_text(SHARED)
    path = template(tmp_path, "    Metadata:\n                  BuildMethod: python3.12", content_uri="SharedLayer")
    function = Stack.from_template(path).function("HelloFunction")
    assert function.invoke({"name": "Cy"}).payload == "hi Cy"
    assert function.code_paths[-1] == str(built)


def test_a_makefile_layer_is_reported_with_the_fix(tmp_path: Path, lambda_aws: LambdaAWS) -> None:
    source_layer(tmp_path)
    stack = Stack.from_template(template(tmp_path, "    Metadata:\n                  BuildMethod: makefile"))
    listed = {(item.logical_id, item.what): item.reason for item in stack.not_simulated}
    reason = listed[("SharedLayer", "Metadata.BuildMethod makefile")]
    assert reason.startswith("its Makefile is not run, so what the layer holds is unknown")
    assert reason.endswith("test what `sam build` made with .aws-sam/build/template.yaml")
    # The function runs without it, as with a layer given by ARN.
    assert any(what.startswith("Layers[0]") for logical, what in listed if logical == "HelloFunction")
    assert stack.function("HelloFunction").code_paths == (str(tmp_path / "src"),)


def test_a_layer_built_for_another_runtime_puts_nothing_on_python_s_path(tmp_path: Path, lambda_aws: LambdaAWS) -> None:
    source_layer(tmp_path)
    stack = Stack.from_template(template(tmp_path, "    Metadata:\n                  BuildMethod: nodejs20.x"))
    listed = {(item.logical_id, item.what): item.reason for item in stack.not_simulated}
    assert listed[("SharedLayer", "Metadata.BuildMethod nodejs20.x")] == (
        "a layer built for nodejs20.x: nothing of it is on Python's path"
    )


@pytest.mark.parametrize("method", ["cobol", "python2", "7"])
def test_an_unknown_layer_build_method_is_a_template_error(tmp_path: Path, lambda_aws: LambdaAWS, method: str) -> None:
    source_layer(tmp_path)
    path = template(tmp_path, f"    Metadata:\n                  BuildMethod: '{method}'")
    with pytest.raises(TemplateError, match=rf"SharedLayer: Metadata.BuildMethod '{method}' is not one sam build"):
        Stack.from_template(path)


def test_a_function_built_by_a_makefile_runs_from_its_code_uri_and_is_reported(
    tmp_path: Path, lambda_aws: LambdaAWS
) -> None:
    source_layer(tmp_path)
    path = template(
        tmp_path,
        "    Metadata:\n                  BuildMethod: python3.12",
        function_metadata="    Metadata:\n                  BuildMethod: makefile",
    )
    stack = Stack.from_template(path)
    listed = {(item.logical_id, item.what): item.reason for item in stack.not_simulated}
    assert listed[("HelloFunction", "Metadata.BuildMethod makefile")].startswith(
        "its Makefile is not run: the CodeUri folder is taken as the function's code as it is"
    )
    assert stack.function("HelloFunction").invoke({"name": "Di"}).payload == "hi Di"


def test_a_function_s_python_build_method_changes_nothing(tmp_path: Path, lambda_aws: LambdaAWS) -> None:
    source_layer(tmp_path)
    path = template(
        tmp_path,
        "    Metadata:\n                  BuildMethod: python3.12",
        function_metadata="    Metadata:\n                  BuildMethod: python3.12",
    )
    stack = Stack.from_template(path)
    assert not [item for item in stack.not_simulated if item.what.startswith("Metadata")]


def test_a_python_build_layer_from_the_marker(pytester: pytest.Pytester) -> None:
    app = pytester.path / "app"
    app.mkdir()
    source_layer(app)
    template(app, "    Metadata:\n                  BuildMethod: python3.12")
    pytester.makepyfile(
        test_app="""
        import pytest

        @pytest.mark.lambda_stack("app/template.yaml")
        def test_hello(lambda_stack):
            assert lambda_stack.function("HelloFunction").invoke({"name": "Ed"}).payload == "hi Ed"
        """
    )
    result = pytester.runpytest("-p", "no:randomly", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
