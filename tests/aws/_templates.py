"""Where the test templates are, and the parameter that makes their functions' runtime this Python."""

from __future__ import annotations

import sys
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "data" / "templates"
# The templates take their Runtime as a parameter: the running Python's, so no mismatch warning.
HERE = {"PythonRuntime": f"python{sys.version_info.major}.{sys.version_info.minor}"}
