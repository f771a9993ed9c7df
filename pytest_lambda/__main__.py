"""``python -m pytest_lambda``: the command line (see ``pytest_lambda.cli``)."""

from __future__ import annotations

from pytest_lambda.cli import main

raise SystemExit(main())
