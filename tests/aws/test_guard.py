"""The guard on botocore's HTTP sends, used directly (the plugin's wiring: test_plugin_aws.py)."""

from __future__ import annotations

import socket
import subprocess
import sys
from textwrap import dedent
from typing import Any

import boto3
import botocore.httpsession
import pytest

from pytest_lambda.aws import RealAWSRequestError, guard, mocked_aws


@pytest.fixture
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Any attempt to open a connection is recorded and fails, so a test can show none was made."""
    attempts: list[object] = []

    def refuse(*args: Any, **kwargs: Any) -> None:
        attempts.append(args)
        raise AssertionError("a network connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


@pytest.fixture
def fake_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    return


def test_the_plugin_protects_this_session() -> None:
    assert guard.is_protected()
    assert botocore.httpsession.URLLib3Session.send.__name__ == "send"
    assert hasattr(botocore.httpsession.URLLib3Session.send, "__wrapped__")


@pytest.mark.usefixtures("fake_credentials")
def test_a_boto3_call_without_moto_is_refused_before_any_network_traffic(no_sockets: list[object]) -> None:
    client = boto3.client("sqs", region_name="eu-west-1")
    with pytest.raises(RealAWSRequestError) as caught:
        client.list_queues()
    assert no_sockets == []
    message = str(caught.value)
    assert "https://sqs.eu-west-1.amazonaws.com/" in message
    assert "lambda_aws" in message
    assert "--lambda-allow-aws" in message
    assert "lambda_allow_aws = true" in message


@pytest.mark.usefixtures("no_sockets")
def test_moto_answers_before_the_guard() -> None:
    with mocked_aws() as aws:
        sqs = aws.client("sqs")
        sqs.create_queue(QueueName="jobs")
        assert [url.rsplit("/", 1)[1] for url in sqs.list_queues()["QueueUrls"]] == ["jobs"]


@pytest.mark.usefixtures("fake_credentials")
def test_a_client_made_before_the_mock_still_refused_after_it(no_sockets: list[object]) -> None:
    client = boto3.client("s3", region_name="us-east-1")
    with mocked_aws():
        pass
    with pytest.raises(RealAWSRequestError, match=r"s3\.amazonaws\.com"):
        client.list_buckets()
    assert no_sockets == []


@pytest.mark.usefixtures("fake_credentials")
def test_loopback_endpoints_are_let_through(monkeypatch: pytest.MonkeyPatch) -> None:
    reached: list[str] = []

    def original(self: Any, request: Any) -> Any:
        reached.append(request.url)
        raise ConnectionRefusedError("nothing listens here")

    # The guard's wrapper calls the send it replaced: swap that for a recorder.
    monkeypatch.setattr(botocore.httpsession.URLLib3Session.send, "__wrapped__", original)
    client = boto3.client("sqs", region_name="us-east-1", endpoint_url="http://localhost:4566")
    with pytest.raises(Exception, match="nothing listens here"):
        client.list_queues()
    assert reached
    assert reached[0].startswith("http://localhost:4566")


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("localhost", True),
        ("moto.localhost", True),
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("sqs.us-east-1.amazonaws.com", False),
        ("169.254.169.254", False),
        ("10.0.0.1", False),
        ("", False),
    ],
)
def test_what_counts_as_the_machine_itself(host: str, local: bool) -> None:
    assert guard._is_local(host) is local


def test_an_inner_scope_may_allow_and_the_outer_one_comes_back() -> None:
    assert guard.is_protected()
    guard.protect(False)
    try:
        assert not guard.is_protected()
        guard.protect(True)
        assert guard.is_protected()
        guard.release()
        assert not guard.is_protected()
    finally:
        guard.release()
    assert guard.is_protected()


def run_fresh(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", dedent(code)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_botocore_imported_after_the_guard_went_up_is_patched_on_import() -> None:
    out = run_fresh(
        """
        import os, socket, sys
        from pytest_lambda.aws import guard
        guard.protect()
        assert "botocore" not in sys.modules
        def refuse(*args, **kwargs):
            raise AssertionError("connection attempted")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        os.environ.update(AWS_ACCESS_KEY_ID="k", AWS_SECRET_ACCESS_KEY="s")
        import boto3
        try:
            boto3.client("sns", region_name="us-west-2").list_topics()
        except guard.RealAWSRequestError as exc:
            print("refused", "sns.us-west-2.amazonaws.com" in str(exc))
        guard.release()
        import botocore.httpsession
        print("restored", not hasattr(botocore.httpsession.URLLib3Session.send, "__wrapped__"))
        print("finder gone", not any(type(f).__name__ == "_PatchOnImport" for f in sys.meta_path))
        """
    )
    assert out.split() == ["refused", "True", "restored", "True", "finder", "gone", "True"]


def test_without_protection_nothing_is_patched_or_hooked() -> None:
    out = run_fresh(
        """
        import sys
        from pytest_lambda.aws import guard
        guard.protect(False)
        print(any(type(f).__name__ == "_PatchOnImport" for f in sys.meta_path))
        import botocore.httpsession
        print(hasattr(botocore.httpsession.URLLib3Session.send, "__wrapped__"))
        guard.release()
        """
    )
    assert out.split() == ["False", "False"]


def test_the_import_hook_answers_for_no_other_module() -> None:
    finder = guard._PatchOnImport()
    assert finder.find_spec("json", None) is None
    assert finder.find_spec("botocore.client", None) is None


def test_a_fresh_copy_of_botocore_httpsession_is_patched_again(monkeypatch: pytest.MonkeyPatch) -> None:
    # pytester drops modules an in-process run imported; the next import must be guarded too.
    import importlib

    old = botocore.httpsession
    monkeypatch.delitem(sys.modules, "botocore.httpsession")
    monkeypatch.setattr(botocore, "httpsession", old)
    fresh = importlib.import_module("botocore.httpsession")
    assert fresh is not old
    assert getattr(fresh.URLLib3Session.send, guard._MARK)
    assert fresh.URLLib3Session.send.__wrapped__ is not old.URLLib3Session.send


def test_release_restores_the_module_loaded_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "_STATE", [True])
    send = botocore.httpsession.URLLib3Session.send
    try:
        guard.release()
        assert botocore.httpsession.URLLib3Session.send is send.__wrapped__
        assert not any(isinstance(f, guard._PatchOnImport) for f in sys.meta_path)
    finally:
        guard.protect()  # back as the plugin left it (the finder and the patch)
    assert botocore.httpsession.URLLib3Session.send.__wrapped__ is send.__wrapped__


def test_release_without_botocore_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "_STATE", [True])
    monkeypatch.delitem(sys.modules, "botocore.httpsession")
    try:
        guard.release()
        assert not any(isinstance(f, guard._PatchOnImport) for f in sys.meta_path)
    finally:
        guard.protect()
    assert guard.is_protected()
