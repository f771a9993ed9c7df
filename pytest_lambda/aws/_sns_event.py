"""The event a Lambda subscription receives for a message published in moto, signed as SNS signs it.

with-sns.html: the record Lambda receives (``Sns`` with ``SigningCertUrl``/``UnsubscribeUrl``,
``Subject`` null and ``MessageAttributes`` empty when unset). sns-verify-signature-of-message.html:
the string to sign of a notification is ``Message``, ``MessageId``, ``Subject`` (if any),
``Timestamp``, ``TopicArn`` and ``Type``, each name and value on its own line; ``SignatureVersion``
1 signs it with SHA1withRSA (the default), 2 with SHA256withRSA (the topic's ``SignatureVersion``
attribute). The signing certificate is one RSA key a process, served by moto at the
``SigningCertUrl`` as moto serves its own (moto generates a key for every subscription, which costs
about 0.1 s each).
"""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime, timedelta, timezone
from functools import cache
from typing import Any

__all__ = ["lambda_event"]


@cache
def _signer() -> tuple[Any, bytes, str]:
    """The process's signing key, its certificate (PEM) and the certificate's file name."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.now(timezone.utc)
    issuer = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Amazon RSA 2048 M01")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sns.amazonaws.com")]))
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    pem = cert.public_bytes(serialization.Encoding.PEM)
    # SNS names its certificates SimpleNotificationService-<32 hex>.pem.
    return key, pem, f"SimpleNotificationService-{hashlib.sha256(pem).hexdigest()[:32]}.pem"


def _sign(text: str, version: str) -> str:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    key = _signer()[0]
    algorithm = hashes.SHA256() if version == "2" else hashes.SHA1()
    return base64.b64encode(key.sign(text.encode(), padding.PKCS1v15(), algorithm)).decode()


def lambda_event(
    subscription: Any, message: str, message_id: str, subject: str | None, attributes: dict[str, Any] | None
) -> dict[str, Any]:
    """The event of ``subscription`` (moto's) for the message, published now."""
    from moto.sns.models import sns_backends

    from pytest_lambda.aws._moto import MOTO_DEFAULT_ACCOUNT

    topic = subscription.topic
    region = topic.sns_backend.region_name
    # moto keeps a topic attribute under its snake_case name (SetTopicAttributes).
    version = "2" if str(getattr(topic, "signature_version", "1")) == "2" else "1"
    now = datetime.now(timezone.utc)
    timestamp = now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"
    fields = [("Message", message), ("MessageId", message_id)]
    fields += [("Subject", subject)] if subject is not None else []
    fields += [("Timestamp", timestamp), ("TopicArn", topic.arn), ("Type", "Notification")]
    signature = _sign("".join(f"{name}\n{value}\n" for name, value in fields), version)
    _, pem, cert_name = _signer()
    # moto serves the certificates it signs with from its default account's backend (GET <cert_name>).
    sns_backends[MOTO_DEFAULT_ACCOUNT][region]._message_public_keys[cert_name] = pem
    host = f"sns.{region}.amazonaws.com"
    return {
        "Records": [
            {
                "EventVersion": "1.0",
                "EventSubscriptionArn": subscription.arn,
                "EventSource": "aws:sns",
                "Sns": {
                    "SignatureVersion": version,
                    "Timestamp": timestamp,
                    "Signature": signature,
                    "SigningCertUrl": f"https://{host}/{cert_name}",
                    "MessageId": message_id,
                    "Message": message,
                    "MessageAttributes": dict(attributes or {}),
                    "Type": "Notification",
                    "UnsubscribeUrl": f"https://{host}/?Action=Unsubscribe&SubscriptionArn={subscription.arn}",
                    "TopicArn": topic.arn,
                    "Subject": subject,
                },
            }
        ]
    }
