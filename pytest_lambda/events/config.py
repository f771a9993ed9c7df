"""AWS Config rule events: a custom Config rule's evaluation request.

https://docs.aws.amazon.com/config/latest/developerguide/evaluate-config_develop-rules_example-events.html
(the three invoking events), https://docs.aws.amazon.com/config/latest/developerguide/evaluate-config_develop-rules_nodejs.html
(the event's fields: invokingEvent and ruleParameters are JSON strings, resultToken goes back in PutEvaluations).
"""

from __future__ import annotations

import json
import struct
from datetime import datetime, timezone
from typing import Any, TypedDict

from pytest_lambda.events._common import Gen, b64, override_error
from pytest_lambda.events._registry import EventSource, register

__all__ = ["AWSConfigRuleEvent", "config_event", "ec2_configuration_item"]


class AWSConfigRuleEvent(TypedDict):
    version: str
    invokingEvent: str  # a JSON document, as a string
    ruleParameters: str  # a JSON object, as a string
    resultToken: str
    eventLeftScope: bool
    executionRoleArn: str
    configRuleArn: str
    configRuleName: str
    configRuleId: str
    accountId: str
    evaluationMode: str


MESSAGE_TYPES = (
    "ConfigurationItemChangeNotification",
    "ScheduledNotification",
    "OversizedConfigurationItemChangeNotification",
)
SHORTHANDS = ("message_type", "rule_parameters", "rule_name", "instance_type", "tags")
VARIANTS = {"message_type": " | ".join(MESSAGE_TYPES)}

# t3 sizes with two vCPUs (one core, two threads each): resizing among them changes nothing else.
_INSTANCE_TYPES = ("t3.micro", "t3.small", "t3.medium", "t3.large")


def _result_token(gen: Gen) -> str:
    # Config's result tokens are opaque: base64 of a JSON envelope of signed encrypted bytes.
    envelope = {
        "encryptedData": list(struct.unpack("256b", gen.random.randbytes(256))),  # Java's signed bytes
        "materialSetSerialNumber": 1,
        "ivParameterSpec": {"iv": list(struct.unpack("16b", gen.random.randbytes(16)))},
    }
    return b64(json.dumps(envelope, separators=(",", ":")))


def _dns_suffix(region: str) -> str:
    # us-east-1 private names end in ec2.internal, other regions' in <region>.compute.internal.
    return "ec2.internal" if region == "us-east-1" else f"{region}.compute.internal"


def ec2_configuration_item(gen: Gen, *, capture_ms: int, instance_type: str, tags: dict[str, str]) -> dict[str, Any]:
    """The configuration item of an EC2 instance just stopped and resized to ``instance_type``."""
    instance_id = f"i-{gen.hex(17)}"
    zone = gen.region + gen.random.choice("abc")
    subnet, vpc, group = f"subnet-{gen.hex(17)}", f"vpc-{gen.hex(17)}", f"sg-{gen.hex(17)}"
    volume, eni = f"vol-{gen.hex(17)}", f"eni-{gen.hex(17)}"
    private_ip = f"172.31.{gen.integer(0, 255)}.{gen.integer(1, 254)}"
    private_dns = f"ip-{private_ip.replace('.', '-')}.{_dns_suffix(gen.region)}"
    launch_ms = capture_ms - gen.integer(2, 400) * 86_400_000
    launch = Gen.iso(launch_ms // 1000 * 1000)
    stop_ms = capture_ms - gen.integer(60_000, 300_000)
    stopped = datetime.fromtimestamp(stop_ms / 1000, tz=timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    group_name = f"{gen.pick('word')}-sg"
    account = gen.account_id
    configuration = {
        "amiLaunchIndex": 0,
        "imageId": f"ami-{gen.hex(17)}",
        "instanceId": instance_id,
        "instanceType": instance_type,
        "kernelId": None,
        "keyName": f"{gen.pick('word')}-key",
        "launchTime": launch,
        "monitoring": {"state": "disabled"},
        "placement": {
            "availabilityZone": zone,
            "affinity": None,
            "groupName": "",
            "partitionNumber": None,
            "hostId": None,
            "tenancy": "default",
            "spreadDomain": None,
            "hostResourceGroupArn": None,
        },
        "platform": None,
        "privateDnsName": private_dns,
        "privateIpAddress": private_ip,
        "productCodes": [],
        "publicDnsName": "",  # a stopped instance gives its public address back
        "publicIpAddress": None,
        "ramdiskId": None,
        "state": {"code": 80, "name": "stopped"},  # EC2 state codes: 16 running, 80 stopped
        "stateTransitionReason": f"User initiated ({stopped} GMT)",
        "subnetId": subnet,
        "vpcId": vpc,
        "architecture": "x86_64",
        "blockDeviceMappings": [
            {
                "deviceName": "/dev/xvda",
                "ebs": {"attachTime": launch, "deleteOnTermination": True, "status": "attached", "volumeId": volume},
            }
        ],
        "clientToken": "",
        "ebsOptimized": True,
        "enaSupport": True,
        "hypervisor": "xen",
        "iamInstanceProfile": {
            "arn": gen.arn("iam", "instance-profile/AmazonSSMRoleForInstancesQuickSetup", region=""),
            "id": "AIPA" + gen.alnum(17),
        },
        "instanceLifecycle": None,
        "elasticGpuAssociations": [],
        "elasticInferenceAcceleratorAssociations": [],
        "networkInterfaces": [
            {
                "association": None,
                "attachment": {
                    "attachTime": launch,
                    "attachmentId": f"eni-attach-{gen.hex(17)}",
                    "deleteOnTermination": True,
                    "deviceIndex": 0,
                    "status": "attached",
                    "networkCardIndex": 0,
                },
                "description": "",
                "groups": [{"groupName": group_name, "groupId": group}],
                "ipv6Addresses": [],
                "macAddress": "06:" + ":".join(gen.hex(2) for _ in range(5)),
                "networkInterfaceId": eni,
                "ownerId": account,
                "privateDnsName": private_dns,
                "privateIpAddress": private_ip,
                "privateIpAddresses": [
                    {
                        "association": None,
                        "primary": True,
                        "privateDnsName": private_dns,
                        "privateIpAddress": private_ip,
                    }
                ],
                "sourceDestCheck": True,
                "status": "in-use",
                "subnetId": subnet,
                "vpcId": vpc,
                "interfaceType": "interface",
            }
        ],
        "outpostArn": None,
        "rootDeviceName": "/dev/xvda",
        "rootDeviceType": "ebs",
        "securityGroups": [{"groupName": group_name, "groupId": group}],
        "sourceDestCheck": True,
        "spotInstanceRequestId": None,
        "sriovNetSupport": None,
        "stateReason": {
            "code": "Client.UserInitiatedShutdown",
            "message": "Client.UserInitiatedShutdown: User initiated shutdown",
        },
        "tags": [{"key": k, "value": v} for k, v in tags.items()],
        "virtualizationType": "hvm",
        "cpuOptions": {"coreCount": 1, "threadsPerCore": 2},
        "capacityReservationId": None,
        "capacityReservationSpecification": {
            "capacityReservationPreference": "open",
            "capacityReservationTarget": None,
        },
        "hibernationOptions": {"configured": False},
        "licenses": [],
        "metadataOptions": {
            "state": "applied",
            "httpTokens": "required",
            "httpPutResponseHopLimit": 2,
            "httpEndpoint": "enabled",
        },
        "enclaveOptions": {"enabled": False},
        "bootMode": None,
    }

    def related(resource_id: str, resource_type: str, name: str) -> dict[str, Any]:
        return {"resourceId": resource_id, "resourceName": None, "resourceType": resource_type, "name": name}

    return {
        "relatedEvents": [],
        "relationships": [
            related(eni, "AWS::EC2::NetworkInterface", "Contains NetworkInterface"),
            related(group, "AWS::EC2::SecurityGroup", "Is associated with SecurityGroup"),
            related(subnet, "AWS::EC2::Subnet", "Is contained in Subnet"),
            related(volume, "AWS::EC2::Volume", "Is attached to Volume"),
            related(vpc, "AWS::EC2::VPC", "Is contained in Vpc"),
        ],
        "configuration": configuration,
        "supplementaryConfiguration": {},
        "tags": dict(tags),
        "configurationItemVersion": "1.3",
        "configurationItemCaptureTime": Gen.iso(capture_ms),
        "configurationStateId": capture_ms,  # the capture time in epoch milliseconds
        "awsAccountId": account,
        "configurationItemStatus": "OK",
        "resourceType": "AWS::EC2::Instance",
        "resourceId": instance_id,
        "resourceName": None,
        "ARN": gen.arn("ec2", f"instance/{instance_id}"),
        "awsRegion": gen.region,
        "availabilityZone": zone,
        "configurationStateMd5Hash": "",
        "resourceCreationTime": launch,
    }


def _invoking_event(gen: Gen, message_type: str, shorthands: dict[str, Any]) -> dict[str, Any]:
    notified_ms = gen.ms_ago(3_000)
    if message_type == "ScheduledNotification":
        # A periodic rule's trigger names only the account and the time.
        return {
            "awsAccountId": gen.account_id,
            "notificationCreationTime": Gen.iso(notified_ms),
            "messageType": message_type,
            "recordVersion": "1.0",
        }
    instance_type = shorthands.get("instance_type", gen.random.choice(_INSTANCE_TYPES[1:]))
    if not isinstance(instance_type, str) or "." not in instance_type:
        raise override_error(f"instance_type must be an EC2 instance type such as 't3.small', got {instance_type!r}")
    tags = shorthands.get("tags", {"Name": f"{gen.pick('word')}-server", "Environment": "production"})
    if not isinstance(tags, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in tags.items()):
        raise override_error(f"tags must be a dict of str to str, got {tags!r}")
    previous_type = next(t for t in _INSTANCE_TYPES if t != instance_type)
    item = ec2_configuration_item(
        gen, capture_ms=notified_ms - gen.integer(500, 2_000), instance_type=instance_type, tags=tags
    )
    if message_type == "OversizedConfigurationItemChangeNotification":
        # Items over 256 KB arrive as a summary; the rule reads the full item with GetResourceConfigHistory.
        summary = {"changeType": "UPDATE"}
        for key in (
            "configurationItemVersion",
            "configurationItemCaptureTime",
            "configurationStateId",
            "awsAccountId",
            "configurationItemStatus",
            "resourceType",
            "resourceId",
            "resourceName",
            "ARN",
            "awsRegion",
            "availabilityZone",
            "configurationStateMd5Hash",
            "resourceCreationTime",
        ):
            summary[key] = item[key]
        return {
            "configurationItemSummary": summary,
            "messageType": message_type,
            "notificationCreationTime": Gen.iso(notified_ms),
            "recordVersion": "1.0",
        }
    configuration = item["configuration"]
    changed = {
        "Configuration.InstanceType": (previous_type, instance_type, "UPDATE"),
        "Configuration.State.Name": ("running", "stopped", "UPDATE"),
        "Configuration.StateTransitionReason": ("", configuration["stateTransitionReason"], "UPDATE"),
        "Configuration.StateReason": (None, configuration["stateReason"], "CREATE"),
    }
    return {
        "configurationItemDiff": {
            "changedProperties": {
                path: {"previousValue": old, "updatedValue": new, "changeType": kind}
                for path, (old, new, kind) in changed.items()
            },
            "changeType": "UPDATE",
        },
        "configurationItem": item,
        "notificationCreationTime": Gen.iso(notified_ms),
        "messageType": message_type,
        "recordVersion": "1.3",
    }


def config_event(gen: Gen, shorthands: dict[str, Any]) -> AWSConfigRuleEvent:
    """A custom rule's evaluation request: a resource change (EC2 instance), a schedule, or an oversized item."""
    message_type = shorthands.get("message_type", "ConfigurationItemChangeNotification")
    if message_type not in MESSAGE_TYPES:
        raise override_error(
            f"message_type={message_type!r} is not valid; choose one of: {', '.join(map(repr, MESSAGE_TYPES))}"
        )
    rule_name = shorthands.get("rule_name", "desired-instance-type")
    if not isinstance(rule_name, str) or not rule_name:
        raise override_error(f"rule_name must be a non-empty str, got {rule_name!r}")
    parameters = shorthands.get("rule_parameters", {"instanceType": _INSTANCE_TYPES[0]})
    if not isinstance(parameters, (dict, str)):
        raise override_error(f"rule_parameters must be a dict (sent as a JSON string) or a str, got {parameters!r}")
    rule_id = f"config-rule-{gen.alnum(6, 'abcdefghijklmnopqrstuvwxyz0123456789')}"
    invoking = _invoking_event(gen, message_type, shorthands)
    return {
        "version": "1.0",
        "invokingEvent": json.dumps(invoking, separators=(",", ":")),
        "ruleParameters": parameters if isinstance(parameters, str) else json.dumps(parameters),
        "resultToken": _result_token(gen),
        "eventLeftScope": False,  # true once the resource is deleted or leaves the rule's scope
        "executionRoleArn": gen.arn(
            "iam", "role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig", region=""
        ),
        "configRuleArn": gen.arn("config", f"config-rule/{rule_id}"),
        "configRuleName": rule_name,
        "configRuleId": rule_id,
        "accountId": gen.account_id,
        "evaluationMode": "DETECTIVE",  # evaluating resources already deployed
    }


register(
    EventSource(
        "config",
        "An AWS Config custom rule evaluation (configuration change, periodic or oversized item)",
        config_event,  # type: ignore[arg-type]
        SHORTHANDS,
        aliases=("config_rule",),
        docs="https://docs.aws.amazon.com/config/latest/developerguide/evaluate-config_develop-rules_example-events.html",
        variants=VARIANTS,
    )
)
