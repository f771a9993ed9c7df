"""Amazon Cognito events: the user pool triggers by family (``sign_up``, ``sign_in``, ``custom_auth``,
``messages``; the envelope they share in ``_trigger``) and the Cognito Sync trigger of identity pools (``sync``).

https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-identity-pools-working-with-aws-lambda-triggers.html
and https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-events.html; each module cites its own pages.
"""

from __future__ import annotations

from pytest_lambda.events.cognito import _trigger, custom_auth, messages, sign_in, sign_up, sync
from pytest_lambda.events.cognito._trigger import *  # noqa: F403
from pytest_lambda.events.cognito.custom_auth import *  # noqa: F403
from pytest_lambda.events.cognito.messages import *  # noqa: F403
from pytest_lambda.events.cognito.sign_in import *  # noqa: F403
from pytest_lambda.events.cognito.sign_up import *  # noqa: F403
from pytest_lambda.events.cognito.sync import *  # noqa: F403

__all__ = list(_trigger.__all__)
__all__ += sign_up.__all__
__all__ += sign_in.__all__
__all__ += custom_auth.__all__
__all__ += messages.__all__
__all__ += sync.__all__
