"""Where the test templates are, the parameter that makes their functions' runtime this Python, and
the resources that tests writing a template in Python all need."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).resolve().parent.parent / "data" / "templates"
# The templates take their Runtime as a parameter: the running Python's, so no mismatch warning.
HERE = {"PythonRuntime": f"python{sys.version_info.major}.{sys.version_info.minor}"}

# The execution role every function of a hand-written CloudFormation template names.
ROLE: dict[str, Any] = {
    "Type": "AWS::IAM::Role",
    "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}},
}


def function(handler: str, code: str = "src") -> dict[str, Any]:
    """A function of this Python whose code is the template's ``code`` folder, with the ``Role`` above."""
    properties = {"Code": code, "Handler": handler, "Runtime": HERE["PythonRuntime"]}
    return {"Type": "AWS::Lambda::Function", "Properties": {**properties, "Role": {"Fn::GetAtt": ["Role", "Arn"]}}}
