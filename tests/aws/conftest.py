"""Shared set-up of the moto tests."""

from __future__ import annotations

# pytester's in-process runs drop the modules a run imported, and moto routes the botocore it saw
# at its own import: a second run would re-import botocore without moto. Imported once here, they
# outlive every run.
import boto3  # noqa: F401
import botocore  # noqa: F401
import moto  # noqa: F401
