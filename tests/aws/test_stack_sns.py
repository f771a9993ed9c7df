"""SNS subscriptions of a template: Lambda ones delivered at publish time, SQS ones through moto's fan-out."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from events.shapes import sample, shape_diff

from pytest_lambda.aws import LambdaAWS, Stack, TemplateError

from ._templates import HERE, TEMPLATES

SNS_TEMPLATE = TEMPLATES / "sns" / "template.yaml"


@pytest.fixture
def stack(lambda_aws: LambdaAWS) -> Stack:
    return Stack.from_template(SNS_TEMPLATE, parameters=HERE)


def messages(stack: Stack, function: str) -> list[dict[str, Any]]:
    module = stack.function(function).module
    return [] if module is None else [event["Records"][0] for event in module.SEEN]


def attribute(kind: str, value: str) -> dict[str, str]:
    return {"DataType": kind, "StringValue": value}


def test_a_publish_invokes_the_subscribed_function_with_the_event_lambda_receives(
    stack: Stack, lambda_aws: LambdaAWS
) -> None:
    sns = lambda_aws.client("sns")
    topic = stack.physical_id("Orders")
    published = sns.publish(
        TopicArn=topic, Message="order 1", Subject="New order", MessageAttributes={"kind": attribute("String", "x")}
    )
    (record,) = messages(stack, "AllFunction")
    subscription = stack.physical_id("AllFunctionAny")
    assert subscription.startswith(f"{topic}:")
    assert (record["EventSource"], record["EventVersion"], record["EventSubscriptionArn"]) == (
        "aws:sns",
        "1.0",
        subscription,
    )
    message = record["Sns"]
    assert message["MessageId"] == published["MessageId"]
    assert (message["Type"], message["TopicArn"], message["Subject"], message["Message"]) == (
        "Notification",
        topic,
        "New order",
        "order 1",
    )
    assert message["MessageAttributes"] == {"kind": {"Type": "String", "Value": "x"}}
    assert message["UnsubscribeUrl"] == (
        f"https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={subscription}"
    )
    # with-sns.html: the keys of the Sns object, in Lambda's spelling (...Url).
    assert list(message) == [
        "SignatureVersion", "Timestamp", "Signature", "SigningCertUrl", "MessageId", "Message",
        "MessageAttributes", "Type", "UnsubscribeUrl", "TopicArn", "Subject",
    ]  # fmt: skip
    (result,) = stack.drain()["AllFunctionAny"]
    assert (result.invocation_type, result.status_code) == ("Event", 202)


def verify(message: dict[str, Any], fields: tuple[str, ...], algorithm: hashes.HashAlgorithm) -> None:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.sns.models import sns_backends

    name = message["SigningCertUrl"].rsplit("/", 1)[1]
    assert name.startswith("SimpleNotificationService-")
    assert name.endswith(".pem")
    pem = sns_backends[DEFAULT_ACCOUNT_ID]["us-east-1"]._message_public_keys[name]
    key = x509.load_pem_x509_certificate(pem).public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    # sns-verify-signature-of-message.html: each field's name and value on a line, in this order.
    signed = "".join(f"{field}\n{message[field]}\n" for field in fields)
    key.verify(base64.b64decode(message["Signature"]), signed.encode(), padding.PKCS1v15(), algorithm)


def test_the_signature_verifies_with_the_certificate_moto_serves(stack: Stack, lambda_aws: LambdaAWS) -> None:
    sns = lambda_aws.client("sns")
    sns.publish(TopicArn=stack.physical_id("Orders"), Message="signed")
    sns.publish(TopicArn=stack.physical_id("Orders"), Message="with subject", Subject="Hello")
    plain, titled = (record["Sns"] for record in messages(stack, "AllFunction"))
    # SignatureVersion 1 (SHA1withRSA) by default; the Subject is signed when there is one.
    assert plain["SignatureVersion"] == titled["SignatureVersion"] == "1"
    verify(plain, ("Message", "MessageId", "Timestamp", "TopicArn", "Type"), hashes.SHA1())
    verify(titled, ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"), hashes.SHA1())
    # A topic whose SignatureVersion is 2 signs with SHA256withRSA.
    sns.set_topic_attributes(TopicArn=stack.physical_id("Orders"), AttributeName="SignatureVersion", AttributeValue="2")
    sns.publish(TopicArn=stack.physical_id("Orders"), Message="sha256")
    latest = messages(stack, "AllFunction")[-1]["Sns"]
    assert latest["SignatureVersion"] == "2"
    verify(latest, ("Message", "MessageId", "Timestamp", "TopicArn", "Type"), hashes.SHA256())
    assert datetime.strptime(latest["Timestamp"], "%Y-%m-%dT%H:%M:%S.%fZ")


def test_no_subject_is_null_and_no_attributes_an_empty_object(stack: Stack, lambda_aws: LambdaAWS) -> None:
    lambda_aws.client("sns").publish(TopicArn=stack.physical_id("Orders"), Message="bare")
    message = messages(stack, "AllFunction")[0]["Sns"]
    assert (message["Subject"], message["MessageAttributes"]) == (None, {})


@pytest.mark.parametrize(
    ("attributes", "delivered"),
    [
        ({"kind": attribute("String", "placed"), "total": attribute("Number", "100")}, True),
        ({"kind": attribute("String", "placed"), "total": attribute("Number", "99.5")}, False),
        ({"kind": attribute("String", "cancelled"), "total": attribute("Number", "500")}, False),
        ({"kind": attribute("String", "placed")}, False),  # a policy key the message lacks: no match
        ({"kind": attribute("String", "placed"), "total": attribute("String", "150")}, False),  # numeric: Number only
        ({"kind": attribute("String.Array", '["new", "placed"]'), "total": attribute("Number", "150")}, True),
        ({}, False),
    ],
)
def test_a_filter_policy_on_the_attributes(
    stack: Stack, lambda_aws: LambdaAWS, attributes: dict[str, Any], delivered: bool
) -> None:
    # sns-subscription-filter-policies.html: every policy key must match (AND), a value list is OR.
    lambda_aws.client("sns").publish(TopicArn=stack.physical_id("Orders"), Message="{}", MessageAttributes=attributes)
    assert len(messages(stack, "PlacedFunction")) == int(delivered)
    assert len(messages(stack, "AllFunction")) == 1


@pytest.mark.parametrize(
    ("body", "delivered"),
    [
        ({"status": "shipped", "id": 1}, True),
        ({"status": "placed"}, False),
        ({"order": {"status": "shipped"}}, False),
        ("status shipped", False),  # not JSON: a body policy matches nothing
    ],
)
def test_a_filter_policy_on_the_message_body(stack: Stack, lambda_aws: LambdaAWS, body: Any, delivered: bool) -> None:
    message = body if isinstance(body, str) else json.dumps(body)
    lambda_aws.client("sns").publish(TopicArn=stack.physical_id("Orders"), Message=message)
    assert len(messages(stack, "ShippedFunction")) == int(delivered)


def test_a_json_message_structure_sends_the_lambda_text(stack: Stack, lambda_aws: LambdaAWS) -> None:
    structure = json.dumps({"default": "for everyone", "lambda": "for functions"})
    lambda_aws.client("sns").publish(TopicArn=stack.physical_id("Orders"), Message=structure, MessageStructure="json")
    assert messages(stack, "AllFunction")[0]["Sns"]["Message"] == "for functions"


def test_publish_batch_delivers_each_message(stack: Stack, lambda_aws: LambdaAWS) -> None:
    entries = [{"Id": str(n), "Message": f"m{n}"} for n in range(3)]
    lambda_aws.client("sns").publish_batch(TopicArn=stack.physical_id("Orders"), PublishBatchRequestEntries=entries)
    assert [record["Sns"]["Message"] for record in messages(stack, "AllFunction")] == ["m0", "m1", "m2"]


def test_an_sqs_subscription_is_moto_s_fan_out_drained_by_the_queue_s_mapping(
    stack: Stack, lambda_aws: LambdaAWS
) -> None:
    published = lambda_aws.client("sns").publish(TopicArn=stack.physical_id("Orders"), Message="queued")
    assert messages(stack, "QueuedFunction") == []  # waits in its queue until drained
    drained = stack.drain()
    (batch,) = drained["QueuedFunctionQueuedEventSourceMapping"]
    # The SQS body is SNS's notification JSON (raw message delivery off).
    notification = json.loads(batch.event["Records"][0]["body"])
    assert (notification["Type"], notification["Message"], notification["MessageId"]) == (
        "Notification",
        "queued",
        published["MessageId"],
    )


def test_a_topic_s_own_subscriptions_and_what_is_not_delivered(stack: Stack, lambda_aws: LambdaAWS) -> None:
    lambda_aws.client("sns").publish(TopicArn=stack.physical_id("Alerts"), Message="alert")
    assert [record["Sns"]["Message"] for record in messages(stack, "AlertFunction")] == ["alert"]
    assert len(stack.drain()["Alerts"]) == 1
    listed = {(item.logical_id, item.what): item.reason for item in stack.not_simulated}
    assert listed[("Alerts.Subscription[1]", "AWS::SNS::Subscription")] == (
        "protocol 'email' is not delivered: only lambda and sqs subscriptions are"
    )
    assert listed[("Outside", "AWS::SNS::Subscription")] == "its function is not a function of the template"
    assert not any("Subscription" in item.what and item.logical_id == "Alerts" for item in stack.not_simulated)
    # Only what is delivered is subscribed in moto: never the e-mail address or the outside function.
    topic = lambda_aws.client("sns").list_subscriptions_by_topic(TopicArn=stack.physical_id("Alerts"))
    assert [item["Protocol"] for item in topic["Subscriptions"]] == ["lambda"]


def test_a_bad_filter_policy_names_the_subscription(lambda_aws: LambdaAWS, tmp_path: Any) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text("def record(event, context):\n    return None\n")
    template = (SNS_TEMPLATE.read_text()).replace('total: [{numeric: [">=", 100]}]', 'total: [{numeric: ["~", 1]}]')
    (tmp_path / "template.yaml").write_text(template)
    with pytest.raises(TemplateError, match=r"PlacedFunctionPlaced: moto's SNS refused the subscription \("):
        Stack.from_template(tmp_path / "template.yaml", parameters=HERE)


def test_raw_message_delivery_and_what_a_subscription_does_not_simulate(stack: Stack, lambda_aws: LambdaAWS) -> None:
    lambda_aws.client("sns").publish(TopicArn=stack.physical_id("Orders"), Message="raw body")
    received = lambda_aws.client("sqs").receive_message(QueueUrl=stack.physical_id("RawQueue"))
    assert [message["Body"] for message in received["Messages"]] == ["raw body"]
    listed = {(item.logical_id, item.what): item.reason for item in stack.not_simulated}
    assert listed[("RawSubscription", "DeliveryPolicy")] == "not simulated by the subscription"


def test_a_lambda_subscription_that_is_no_stack_s_is_left_to_moto(stack: Stack, lambda_aws: LambdaAWS) -> None:
    sns = lambda_aws.client("sns")
    topic = sns.create_topic(Name="mine")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint="arn:aws:lambda:us-east-1:123456789012:function:nothere")
    # moto's own delivery runs: it looks the function up in its Lambda backend.
    with pytest.raises(Exception, match="Function not found"):
        sns.publish(TopicArn=topic, Message="x")
    assert messages(stack, "AllFunction") == []


def test_the_event_has_the_shape_of_the_published_sample(stack: Stack, lambda_aws: LambdaAWS) -> None:
    attributes = {"Test": attribute("String", "TestString")}
    lambda_aws.client("sns").publish(
        TopicArn=stack.physical_id("Orders"), Message="m", Subject="s", MessageAttributes=attributes
    )
    (record,) = messages(stack, "AllFunction")
    reference = sample("powertools/snsEvent.json")["Records"][0]
    assert shape_diff(record, reference, free=frozenset({"Sns.MessageAttributes"})) == []
