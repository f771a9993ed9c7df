"""The runtime's own code that a handler's stack trace can run through, in modules named as awslambdaric's.

A bad ``%``-format in a log call raises from the runtime's root handler, and the handler's error
object then lists the runtime's frames (``bootstrap.py``, ``lambda_runtime_log_utils.py``): here
they have the same file names, functions and source lines as awslambdaric 4.2.2's, so the trace
reads as it does in Lambda.
"""
