"""moto's ``mock_aws`` with fake credentials and the function's region, set and restored around a test.

moto's guidance (https://docs.getmoto.org/en/latest/docs/getting_started.html): fake credentials in
the environment and the mock started before any boto3 client is made. The host's own AWS settings
(profiles, endpoint URLs, keys, config files) are hidden meanwhile, so nobody's real credentials are
read, and ``MOTO_ACCOUNT_ID`` makes moto's ARNs use the configured account.
"""

from __future__ import annotations

import os
from types import ModuleType, TracebackType
from typing import Any

from pytest_lambda.aws._moto_sqs_speedup import install as install_sqs_speedup
from pytest_lambda.aws._moto_sqs_speedup import uninstall as uninstall_sqs_speedup
from pytest_lambda.context import check_region_and_account
from pytest_lambda.errors import PytestLambdaError, with_docs

__all__ = [
    "INSTALL_COMMAND",
    "MOTO_DEFAULT_ACCOUNT",
    "AWSResourceNotFoundError",
    "LambdaAWS",
    "MotoNotInstalledError",
    "mocked_aws",
    "require_moto",
]

INSTALL_COMMAND = "pip install 'pytest-aws-lambda[moto]'"
# moto's own default account (moto/core/models.py DEFAULT_ACCOUNT_ID), which is also ours.
MOTO_DEFAULT_ACCOUNT = "123456789012"
FAKE_SECRET = "testing"
# Variables of the Lambda runtime that lambda_env and LambdaFunction set: they stay visible.
_RUNTIME_PREFIXES = ("AWS_LAMBDA_", "AWS_XRAY_")
_RUNTIME_NAMES = frozenset({"AWS_EXECUTION_ENV"})


class MotoNotInstalledError(PytestLambdaError, ImportError):
    """moto or boto3 is missing: the ``[moto]`` extra is not installed."""


class AWSResourceNotFoundError(PytestLambdaError, LookupError):
    """An ARN or name given to this library names nothing in moto; the message names it."""


def client_config(service: str) -> Any:
    """The botocore ``Config`` a client of ``service`` needs to reach moto, if any."""
    if service != "dynamodbstreams":
        return None
    from botocore.config import Config

    # botocore >= 1.37 sends DynamoDB Streams calls to <account>.streams-ddb.<region>..., which moto
    # does not route; the regional endpoint answers the same API.
    return Config(account_id_endpoint_mode="disabled")


def require_moto() -> ModuleType:
    """Import moto (and check boto3 is there), or fail with the command that installs them."""
    try:
        import boto3  # noqa: F401 - imported here to fail early with the install command
        import moto
    except ImportError as exc:
        raise MotoNotInstalledError(
            with_docs(
                f"lambda_aws needs moto and boto3, the [moto] extra of pytest-aws-lambda ({exc}); "
                f"install it with: {INSTALL_COMMAND}",
                "the-lambda_aws-fixture",
            )
        ) from None
    return moto


def aws_environ(region: str, account_id: str, present: set[str] | frozenset[str] = frozenset()) -> dict[str, str]:
    """The variables ``LambdaAWS`` sets: fake credentials, the region, no shared files, no IMDS.

    ``present`` is the set of variable names already set (``AWS_ACCESS_KEY``, set by ``lambda_env``,
    gets the fake key too so the two agree).
    """
    environ = {
        "AWS_ACCESS_KEY_ID": FAKE_SECRET,
        "AWS_SECRET_ACCESS_KEY": FAKE_SECRET,
        "AWS_SESSION_TOKEN": FAKE_SECRET,
        "AWS_SECURITY_TOKEN": FAKE_SECRET,
        "AWS_REGION": region,
        "AWS_DEFAULT_REGION": region,
        # No credentials or profiles from files, and no instance metadata lookups.
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
        # botocore >= 1.37 sends calls naming an ARN (DynamoDB Streams' StreamArn) to an account
        # endpoint, <account>.streams-ddb.<region>..., which moto does not route; the regional one
        # answers the same API.
        "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
    }
    if "AWS_ACCESS_KEY" in present:
        environ["AWS_ACCESS_KEY"] = FAKE_SECRET
    if account_id != MOTO_DEFAULT_ACCOUNT:
        environ["MOTO_ACCOUNT_ID"] = account_id
    return environ


# One botocore data loader for every test: its cache keeps the parsed endpoint and service models,
# whose loading takes most of a first client's ~300 ms in a fresh botocore session.
_LOADER: list[Any] = []


def _fresh_default_session() -> None:
    """A new boto3 default session (moto dropped the old one) that reuses the shared data loader.

    It is new for every test, so no credentials or region are carried over from another test.
    """
    import boto3
    import botocore.loaders
    import botocore.session

    if not _LOADER:
        _LOADER.append(botocore.loaders.create_loader())
    core = botocore.session.get_session()
    core.register_component("data_loader", _LOADER[0])
    boto3.setup_default_session(botocore_session=core)


def _hidden(name: str) -> bool:
    """Host variables to hide: AWS settings other than the Lambda runtime's, and moto's account."""
    if name == "MOTO_ACCOUNT_ID":
        return True
    return name.startswith("AWS_") and name not in _RUNTIME_NAMES and not name.startswith(_RUNTIME_PREFIXES)


class LambdaAWS:
    """moto's ``mock_aws`` for one test: boto3 clients made meanwhile reach moto, in ``region``.

    Use it as a context manager (``with mocked_aws() as aws:``) or through the ``lambda_aws``
    fixture. ``client`` and ``resource`` make boto3 clients in the configured region.
    """

    def __init__(self, region: str = "us-east-1", account_id: str = MOTO_DEFAULT_ACCOUNT) -> None:
        check_region_and_account(region, account_id)
        self.region = region
        self.account_id = account_id
        self.environ: dict[str, str] = {}
        self._saved: dict[str, str | None] = {}
        self._mock: Any = None
        self._sqs_speedup = False

    @property
    def active(self) -> bool:
        """Whether the mock is running."""
        return self._mock is not None

    def start(self) -> LambdaAWS:
        """Hide the host's AWS settings, set fake credentials and the region, and start moto."""
        if self._mock is not None:
            raise PytestLambdaError("this LambdaAWS is already started; stop it first")
        moto = require_moto()
        # moto's SQS scans a queue's every message on each request; an index keeps big backlogs linear.
        self._sqs_speedup = install_sqs_speedup()
        current = os.environ
        self.environ = aws_environ(self.region, self.account_id, set(current))
        touched = set(self.environ) | {name for name in current if _hidden(name)}
        self._saved = {name: current.get(name) for name in touched}
        for name in touched - set(self.environ):
            del current[name]
        current.update(self.environ)
        # Our credentials, not moto's FOOBARKEY: the environment above already holds fake ones.
        self._mock = moto.mock_aws(config={"core": {"mock_credentials": False}})
        self._mock.start()
        _fresh_default_session()
        return self

    def stop(self) -> None:
        """Stop moto (its data is dropped) and restore every variable as it was."""
        if self._mock is None:
            return
        mock, self._mock = self._mock, None
        try:
            if self._sqs_speedup:
                self._sqs_speedup = False
                uninstall_sqs_speedup()
            mock.stop()
        finally:
            for name, value in self._saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
            self._saved = {}

    def __enter__(self) -> LambdaAWS:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def client(self, service: str, **kwargs: Any) -> Any:
        """A boto3 client in this region (``kwargs`` go to ``boto3.client``)."""
        import boto3

        return boto3.client(service, **{"region_name": self.region, "config": client_config(service), **kwargs})

    def resource(self, service: str, **kwargs: Any) -> Any:
        """A boto3 resource in this region (``kwargs`` go to ``boto3.resource``)."""
        import boto3

        return boto3.resource(service, **{"region_name": self.region, **kwargs})

    def s3_event(self, bucket: str, key: str, **options: Any) -> Any:
        """An S3 notification for an object in this mock: ``pytest_lambda.aws.s3_object_event``."""
        from pytest_lambda.aws.s3 import s3_object_event

        return s3_object_event(bucket, key, **{"region": self.region, "account_id": self.account_id, **options})

    def __repr__(self) -> str:
        return f"LambdaAWS(region={self.region!r}, account_id={self.account_id!r}, active={self.active})"


def mocked_aws(region: str = "us-east-1", account_id: str = MOTO_DEFAULT_ACCOUNT) -> LambdaAWS:
    """A ``LambdaAWS`` to use as a context manager: ``with mocked_aws(region="eu-west-1") as aws: ...``."""
    return LambdaAWS(region=region, account_id=account_id)
