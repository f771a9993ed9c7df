"""Refuse botocore requests that would leave the machine: a test must never reach real AWS.

botocore sends a request in ``Endpoint._do_get_response``: it first emits ``before-send``, where
moto's stubber answers, and only when no handler answered calls ``self.http_session.send``
(``URLLib3Session.send`` by default, also used by the IMDS credential fetcher). Guarding that one
method therefore lets moto through and stops real traffic, for clients made before or after the
guard went up. botocore is never imported here: when it is not loaded yet, an import hook patches
``botocore.httpsession`` the moment something imports it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

from pytest_lambda.errors import PytestLambdaError, with_docs

__all__ = ["RealAWSRequestError", "is_protected", "protect", "release"]

_MODULE = "botocore.httpsession"
# Protection states, innermost last: a nested pytest run (pytester) may allow what its outer run refuses.
_STATE: list[bool] = []
_MARK = "_pytest_lambda_guard"


class RealAWSRequestError(PytestLambdaError, ConnectionRefusedError):
    """A botocore request would have gone to AWS (or another remote host) during a test."""


def is_protected() -> bool:
    """Whether botocore requests to remote hosts are refused now."""
    return bool(_STATE) and _STATE[-1]


def protect(enabled: bool = True) -> None:
    """Start a protection scope (``enabled=False``: one that allows real requests); end it with ``release``."""
    _STATE.append(enabled)
    if enabled:
        module = sys.modules.get(_MODULE)
        if module is not None:
            _patch(module)
        if not any(isinstance(finder, _PatchOnImport) for finder in sys.meta_path):
            sys.meta_path.insert(0, _PatchOnImport())


def release() -> None:
    """End the innermost scope; when none is left, botocore is restored as it was."""
    _STATE.pop()
    if not _STATE:
        sys.meta_path[:] = [finder for finder in sys.meta_path if not isinstance(finder, _PatchOnImport)]
        module = sys.modules.get(_MODULE)
        if module is not None and getattr(module.URLLib3Session.send, _MARK, False):
            module.URLLib3Session.send = module.URLLib3Session.send.__wrapped__


def _is_local(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    import ipaddress

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _refusal(url: str) -> RealAWSRequestError:
    parts = urlsplit(url)
    return RealAWSRequestError(
        with_docs(
            f"pytest-aws-lambda refused a botocore request to {parts.scheme}://{parts.netloc}{parts.path} "
            f"(host {parts.hostname}): tests must not reach real AWS. Mock AWS with the lambda_aws fixture "
            "(or moto's mock_aws), and create boto3 clients inside it. To allow real requests, run pytest "
            "with --lambda-allow-aws or set lambda_allow_aws = true in the ini file",
            "protection-against-real-aws",
        )
    )


def _patch(module: ModuleType) -> None:
    if getattr(module.URLLib3Session.send, _MARK, False):
        return

    def send(self: Any, request: Any) -> Any:
        if is_protected() and not _is_local(urlsplit(request.url).hostname or ""):
            raise _refusal(request.url)
        return send.__wrapped__(self, request)  # type: ignore[attr-defined]

    send.__wrapped__ = module.URLLib3Session.send  # type: ignore[attr-defined]
    setattr(send, _MARK, True)
    module.URLLib3Session.send = send


class _PatchOnImport:
    """A meta path finder that answers for nothing, but patches botocore.httpsession once it is executed."""

    # It stays while protection lasts: a module dropped from sys.modules (pytester restores them
    # after an in-process run) and imported again must be patched again.
    _busy = False

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None) -> Any:
        if fullname != _MODULE or self._busy:
            return None
        from importlib.util import find_spec

        self._busy = True
        try:
            spec = find_spec(fullname)
        finally:
            self._busy = False
        if spec is None or spec.loader is None:  # pragma: no cover - botocore without its httpsession module
            return spec
        loader = spec.loader
        exec_module = loader.exec_module

        def exec_and_patch(module: ModuleType) -> None:
            exec_module(module)
            _patch(module)

        # The loader object belongs to this one module's spec, so the override touches nothing else.
        loader.exec_module = exec_and_patch  # type: ignore[method-assign]
        return spec
