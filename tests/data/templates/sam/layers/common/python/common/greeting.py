from __future__ import annotations

import os


def greet(name):
    return f"hello {name} from {os.environ['STAGE']}"
