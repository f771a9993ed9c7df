"""The shop of template.yaml, tested through the template only: no function is configured by hand.

``lambda_stack`` deploys the template in the test's own moto: every test gets new, empty
resources. The functions are the template's (handler, code folder, timeout, environment with the
table's and queue's physical names); ``stack.http`` goes through the API's routes, the bucket's
notification invokes the importer when the object is written, ``stack.drain`` runs the stream and
queue mappings until nothing is left to do, and ``stack.advance`` moves the stack's clock past the
nightly schedule.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest

from pytest_lambda.aws import LambdaAWS, Stack

pytestmark = [
    pytest.mark.lambda_stack("template.yaml"),
    # The template says python3.12; the tests may run on another Python 3.
    pytest.mark.filterwarnings("ignore::pytest_lambda.aws.RuntimeMismatchWarning"),
]


def place(stack: Stack, **order: Any) -> str:
    response = stack.http("POST", "/orders", body=json.dumps(order), headers={"content-type": "application/json"})
    assert response["statusCode"] == 201, response
    return str(json.loads(response["body"])["orderId"])


def status(stack: Stack, order_id: str) -> str:
    response = stack.http("GET", f"/orders/{order_id}")
    assert response["statusCode"] == 200, response
    return str(json.loads(response["body"])["status"])


def messages(lambda_aws: LambdaAWS, queue_url: str) -> list[dict[str, Any]]:
    received = lambda_aws.client("sqs").receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)
    return [json.loads(message["Body"]) for message in received.get("Messages", [])]


def test_the_functions_are_configured_as_the_template_says(lambda_stack: Stack) -> None:
    api = lambda_stack.function("OrdersApiFunction")
    assert (api.config.timeout, api.config.memory_size) == (10, 256)
    assert api.environment["TABLE_NAME"] == lambda_stack.physical_id("OrdersTable")
    assert api.environment["STAGE"] == "dev"
    forwarder = lambda_stack.function("ForwarderFunction")
    assert forwarder.environment["QUEUE_URL"] == lambda_stack.physical_id("FulfilmentQueue")
    assert lambda_stack.outputs["UploadsBucketName"] == f"shop-dev-uploads-{lambda_stack.account_id}"


def test_a_courier_order_is_placed_then_shipped(lambda_stack: Stack) -> None:
    order_id = place(lambda_stack, sku="SKU-1", quantity=2, price="9.50", delivery="courier")
    assert status(lambda_stack, order_id) == "PLACED"

    drained = lambda_stack.drain()

    # The INSERT went through the forwarder to the queue, and fulfilment shipped it. Its MODIFY
    # record is filtered out of the forwarder's mapping, so the chain stops there.
    assert len(drained["ForwarderFunctionNewOrders"]) == 1
    [batch] = drained["FulfilmentFunctionFulfil"]
    assert json.loads(batch.event["Records"][0]["body"]) == {
        "orderId": order_id,
        "sku": "SKU-1",
        "quantity": 2,
        "delivery": "courier",
    }
    assert status(lambda_stack, order_id) == "SHIPPED"


def test_a_pickup_order_is_filtered_out_of_fulfilment(lambda_stack: Stack, lambda_aws: LambdaAWS) -> None:
    order_id = place(lambda_stack, sku="SKU-1", quantity=1, price="3", delivery="pickup")

    drained = lambda_stack.drain()

    # Forwarded, then deleted from the queue by the mapping's FilterCriteria: no invocation.
    assert drained["FulfilmentFunctionFulfil"] == []
    assert status(lambda_stack, order_id) == "PLACED"
    assert messages(lambda_aws, lambda_stack.physical_id("FulfilmentQueue")) == []
    assert messages(lambda_aws, lambda_stack.physical_id("FulfilmentDLQ")) == []


def test_a_free_sample_is_not_forwarded(lambda_stack: Stack) -> None:
    order_id = place(lambda_stack, sku="SAMPLE", quantity=1, price="0", delivery="courier")
    drained = lambda_stack.drain()
    assert len(drained["ForwarderFunctionNewOrders"]) == 1
    assert drained["FulfilmentFunctionFulfil"] == []
    assert status(lambda_stack, order_id) == "PLACED"


def test_an_order_that_cannot_ship_ends_in_the_dead_letter_queue(lambda_stack: Stack, lambda_aws: LambdaAWS) -> None:
    shipped = place(lambda_stack, sku="SKU-1", quantity=1, price="5", delivery="courier")
    stuck = place(lambda_stack, sku="SKU-OLD", quantity=1, price="5", delivery="courier")

    lambda_stack.drain()

    # Reported as a batch item failure each time it was received: after maxReceiveCount (2)
    # receives, the queue's redrive policy moved it to the dead-letter queue.
    dead = messages(lambda_aws, lambda_stack.physical_id("FulfilmentDLQ"))
    assert [message["orderId"] for message in dead] == [stuck]
    assert (status(lambda_stack, shipped), status(lambda_stack, stuck)) == ("SHIPPED", "PLACED")


def test_the_api_answers_bad_requests_and_unknown_routes(lambda_stack: Stack) -> None:
    bad = lambda_stack.http("POST", "/orders", body=json.dumps({"sku": "SKU-1", "quantity": 1}))
    assert bad["statusCode"] == 400
    unknown = lambda_stack.http("GET", "/orders/nope")
    assert (unknown["statusCode"], json.loads(unknown["body"])) == (404, {"message": "no order nope"})
    # No route: API Gateway answers, the function is not invoked.
    assert lambda_stack.http("DELETE", "/orders/1") == {
        "statusCode": 403,
        "headers": {"content-type": "application/json"},
        "body": json.dumps({"message": "Missing Authentication Token"}),
    }


def test_a_csv_upload_imports_orders_that_ship(lambda_stack: Stack, lambda_aws: LambdaAWS) -> None:
    bucket = lambda_stack.physical_id("UploadsBucket")
    csv = "sku,quantity,price,delivery\nSKU-1,1,4.00,courier\nSKU-2,3,1.50,pickup\n"
    s3 = lambda_aws.client("s3")
    s3.put_object(Bucket=bucket, Key="imports/monday.csv", Body=csv.encode())
    s3.put_object(Bucket=bucket, Key="imports/notes.txt", Body=b"not an import")  # the suffix filter skips it
    # S3 invoked the importer as the CSV was written: the orders are placed already.
    table = lambda_aws.resource("dynamodb").Table(lambda_stack.physical_id("OrdersTable"))
    assert sorted(item["status"] for item in table.scan()["Items"]) == ["PLACED", "PLACED"]

    drained = lambda_stack.drain()

    # S3 invokes asynchronously: one invocation (the .txt was filtered out), no payload to the caller.
    [imported] = drained["UploadsBucket"]
    assert (imported.status_code, imported.function_error) == (202, None)
    # The drain runs the stream: both orders through it, the courier one shipped.
    statuses = {item["sku"]: item["status"] for item in table.scan()["Items"]}
    assert statuses == {"SKU-1": "SHIPPED", "SKU-2": "PLACED"}


def test_the_nightly_report_runs_at_two_in_the_morning(lambda_stack: Stack, lambda_aws: LambdaAWS) -> None:
    place(lambda_stack, sku="SKU-1", quantity=1, price="5", delivery="courier")
    place(lambda_stack, sku="SKU-1", quantity=1, price="5", delivery="pickup")
    lambda_stack.drain()

    fired = lambda_stack.advance(days=2)

    assert [firing.function for firing in fired] == ["NightlyReportFunction"] * 2
    first = datetime.fromtimestamp(fired[0].time_ms / 1000, tz=timezone.utc)
    assert (first.hour, first.minute) == (2, 0)
    assert fired[0].event["detail-type"] == "Scheduled Event"
    assert fired[0].result.status_code == 202  # EventBridge invokes asynchronously
    # The report is written outside imports/: the import function is not notified.
    bucket = lambda_stack.physical_id("UploadsBucket")
    report = lambda_aws.client("s3").get_object(Bucket=bucket, Key=f"reports/{first:%Y-%m-%d}.json")
    assert json.loads(report["Body"].read()) == {"SHIPPED": 1, "PLACED": 1}
    assert lambda_stack.drain()["UploadsBucket"] == []
