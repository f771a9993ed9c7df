"""Real (moto) AWS resources behind events, dead letters and event source mappings.

Needs the ``[moto]`` extra. Nothing here imports moto or boto3 until it is used.
"""

from __future__ import annotations
