"""Make ``from batch_api.handler import ...`` work however pytest is started.

Each example directory is a package of this directory (``batch_api``, ``powertools_logger``), as it
would be the root of a deployment package in Lambda. pytest's default import mode already puts this
directory on ``sys.path``; ``--import-mode=importlib`` does not, so put it there ourselves.
"""

from __future__ import annotations

import sys
from pathlib import Path

EXAMPLES = str(Path(__file__).resolve().parent)
if EXAMPLES not in sys.path:
    sys.path.insert(0, EXAMPLES)
