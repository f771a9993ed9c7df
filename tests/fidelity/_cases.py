"""The cases of the differential test: a handler (in ``handlers/``), the function's settings, the events.

Adding a case is adding a handler and a row here. A case where ``LambdaFunction`` differs from
awslambdaric today carries ``differs``: each a ``Differs`` naming the item of issue 14 and what
differs exactly; the test marks it ``xfail(strict=True)``, so fixing the harness turns it into a
failure until the mark is removed.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any

PY311 = sys.version_info >= (3, 11)
PY312 = sys.version_info >= (3, 12)


@dataclass(frozen=True)
class Differs:
    """A known difference: issue 14's item number (``0``: found by this test, not in the issue's list)."""

    item: int
    # The fields (of test_fidelity's views) it makes differ, space-separated; "*": any field.
    fields: str
    what: str
    when: bool = True

    def reason(self) -> str:
        where = f"item {self.item}" if self.item else "not in its list"
        return f"issue 14 {where}: {self.what}"


@dataclass(frozen=True)
class Case:
    id: str
    handler: str
    # One invocation each, all in one execution environment (one runtime process).
    events: tuple[Any, ...] = ({"key": "value"},)
    environment: dict[str, str] = field(default_factory=dict)
    log_format: str = "Text"
    log_level: str | None = None
    client_context: dict[str, Any] | None = None
    identity: dict[str, Any] | None = None
    # Also run with the managed runtimes' framed telemetry log sink (_LAMBDA_TELEMETRY_LOG_FD).
    telemetry: bool = False
    # Files written into the task root beside the handlers (e.g. one that must not pass ruff).
    files: dict[str, str] = field(default_factory=dict)
    differs: tuple[Differs, ...] = ()


def _values(name: str, *differs: Differs) -> Case:
    return Case(f"returns_{name}", f"values.{name}", differs=differs)


def _raises(name: str, *differs: Differs, **options: Any) -> Case:
    return Case(f"raises_{name}", f"raises.{name}", differs=differs, **options)


CLIENT_CONTEXT = {
    "custom": {"tenant": "acme", "nested": {"a": [1, 2]}},
    "env": {"platform": "Android", "locale": "fr_FR"},
    "client": {
        "installation_id": "install-1",
        "app_title": "Orders",
        "app_version_name": "1.2",
        "app_version_code": "12",
        "app_package_name": "com.example.orders",
    },
}
IDENTITY = {"cognitoIdentityId": "us-east-1:identity-1", "cognitoIdentityPoolId": "us-east-1:pool-1"}

# Differences shared by many cases.
INIT_ERROR_NOT_LATIN_1 = Differs(
    0,
    "*",
    "from python3.12 awslambdaric 4.2.2 itself crashes posting an init error whose message is not Latin-1 "
    "('\u2717'): http.client encodes the str body as Latin-1 (UnicodeEncodeError in post_init_error), so the "
    "process exits with status 1 instead of reporting the error; ours reports the init error (an awslambdaric "
    "bug, not a behaviour to copy: this mark goes when awslambdaric posts bytes)",
    when=PY312,
)

CASES: list[Case] = [
    # -- return values ------------------------------------------------------------------------
    Case("returns_echo_event", "values.echo", events=({"nested": {"list": [1, 2.5, None, True]}, "text": "é"},)),
    _values("plain_dict"),
    _values("none"),
    _values("string"),
    _values("boolean"),
    _values("huge_int"),
    _values("floats"),
    _values("nan"),
    _values("infinity"),
    _values("decimal_trailing_zero"),
    _values("decimal_exponent"),
    _values("decimal_40_digits"),
    _values("decimal_infinity"),
    _values("decimal_nan"),
    _values("decimal_negative_zero"),
    _values("decimal_dynamodb_item"),
    _values("bytes_top_level"),
    _values("bytes_top_level_not_utf8"),
    _values("bytes_nested"),
    _values("bytes_nested_not_utf8"),
    _values("bytearray_value"),
    _values("namedtuple_top_level"),
    _values("namedtuple_nested"),
    _values("asdict_object"),
    _values("tuple_value"),
    _values("set_value"),
    _values("frozenset_value"),
    _values("datetime_value"),
    _values("date_value"),
    _values("int_enum"),
    _values("object_value"),
    _values("circular"),
    _values("non_ascii"),
    _values("lone_surrogate"),
    _values("control_characters"),
    _values("dict_keys"),
    _values("tuple_key"),
    _values("decimal_key"),
    # -- exceptions raised by the handler -----------------------------------------------------
    _raises("value_error"),
    _raises("sub_expression"),
    _raises("attribute_in_expression"),
    _raises("zero_division"),
    _raises("chained_from"),
    _raises("chained_implicit"),
    _raises("multi_line_message"),
    _raises("non_ascii_message"),
    Case("raises_non_ascii_message_json", "raises.non_ascii_message", log_format="JSON"),
    _raises("custom_str"),
    _raises("failing_str"),
    _raises("empty_message"),
    _raises("args_tuple"),
    _raises("key_error"),
    _raises("custom_class"),
    _raises("assertion"),
    _raises("bare_assertion"),
    _raises("deep"),
    _raises("in_helper_module"),
    _raises("in_stdlib"),
    _raises("base_exception"),
    _raises("sys_exit"),
    _raises("sys_exit_zero"),
    _raises("sys_exit_message"),
    _raises("warning"),
    _raises("error_then_success", events=({"fail": True}, {})),
    Case("raises_value_error_json", "raises.value_error", log_format="JSON", telemetry=True),
    Case("raises_sub_expression_json", "raises.sub_expression", log_format="JSON"),
    # -- errors at import ---------------------------------------------------------------------
    Case("import_value_error", "import_value_error.handler", telemetry=True),
    Case(
        "import_value_error_json",
        "import_value_error.handler",
        log_format="JSON",
        telemetry=True,
    ),
    Case(
        "import_non_ascii_error",
        "import_non_ascii_error.handler",
        differs=(INIT_ERROR_NOT_LATIN_1,),
    ),
    Case(
        "import_non_ascii_error_json",
        "import_non_ascii_error.handler",
        log_format="JSON",
        differs=(INIT_ERROR_NOT_LATIN_1,),
    ),
    Case("import_sys_exit", "import_sys_exit.handler"),
    Case("import_missing_dependency", "import_missing_dependency.handler"),
    Case("import_base_exception", "import_base_exception.handler"),
    # -- handler strings ----------------------------------------------------------------------
    Case("handler_missing_module", "module_not_deployed.handler"),
    Case("handler_missing_attribute", "values.no_such_function"),
    Case("handler_malformed", "values"),
    Case("handler_builtin_module", "sys.handler"),
    Case("handler_in_package_with_slash", "pkg/nested.handler"),
    Case("handler_in_package_with_dot", "pkg.nested.handler"),
    Case(
        "handler_bad_syntax",
        "bad_syntax.handler",
        files={"bad_syntax.py": "def handler(event, context)\n    return event\n"},
    ),
    Case("handler_not_callable", "signatures.not_callable"),
    Case("handler_one_argument", "signatures.one_argument"),
    Case("handler_three_arguments", "signatures.three_arguments"),
    Case("handler_keyword_only", "signatures.keyword_only"),
    Case("handler_varargs", "signatures.varargs"),
    Case("handler_class", "signatures.HandlerClass"),
    # -- logging ------------------------------------------------------------------------------
    Case("logs_every_level_text", "logs_invoke.every_level", telemetry=True),
    Case("logs_every_level_json", "logs_invoke.every_level", log_format="JSON", telemetry=True),
    Case(
        "logs_every_level_json_debug", "logs_invoke.every_level", log_format="JSON", log_level="DEBUG", telemetry=True
    ),
    Case("logs_every_level_json_trace", "logs_invoke.every_level", log_format="JSON", log_level="TRACE"),
    Case("logs_every_level_json_info", "logs_invoke.every_level", log_format="JSON", log_level="INFO"),
    Case("logs_every_level_json_warn", "logs_invoke.every_level", log_format="JSON", log_level="WARN"),
    Case(
        "logs_every_level_json_error", "logs_invoke.every_level", log_format="JSON", log_level="ERROR", telemetry=True
    ),
    Case("logs_every_level_json_fatal", "logs_invoke.every_level", log_format="JSON", log_level="FATAL"),
    Case("logs_named_logger_text", "logs_invoke.named_logger", telemetry=True),
    Case("logs_named_logger_json_info", "logs_invoke.named_logger", log_format="JSON", log_level="INFO"),
    Case("logs_exception_text", "logs_invoke.with_exception", telemetry=True),
    Case("logs_exception_json", "logs_invoke.with_exception", log_format="JSON", telemetry=True),
    Case("logs_extra_fields_json", "logs_invoke.extra_fields", log_format="JSON"),
    Case("logs_extra_fields_text", "logs_invoke.extra_fields"),
    Case("logs_dict_message_json", "logs_invoke.dict_message", log_format="JSON"),
    Case("logs_dict_message_text", "logs_invoke.dict_message"),
    Case("logs_multi_line_text", "logs_invoke.multi_line", telemetry=True),
    Case("logs_non_ascii_text", "logs_invoke.non_ascii"),
    Case("logs_non_ascii_json", "logs_invoke.non_ascii", log_format="JSON"),
    Case("logs_bad_format_text", "logs_invoke.bad_format"),
    Case("logs_bad_format_json", "logs_invoke.bad_format", log_format="JSON"),
    Case("logs_bad_format_arguments", "logs_invoke.bad_format_arguments"),
    Case("logs_context_log_text", "logs_invoke.context_log", telemetry=True),
    Case("logs_context_log_json", "logs_invoke.context_log", log_format="JSON"),
    Case("logs_init_text", "logs_init.handler", telemetry=True),
    Case("logs_init_json", "logs_init.handler", log_format="JSON", telemetry=True),
    Case(
        "logs_init_json_debug",
        "logs_init.handler",
        log_format="JSON",
        log_level="DEBUG",
        telemetry=True,
    ),
    Case(
        "logs_init_json_error",
        "logs_init.handler",
        log_format="JSON",
        log_level="ERROR",
    ),
    Case(
        "logs_init_fails_text",
        "logs_init_fails.handler",
        telemetry=True,
    ),
    Case(
        "logs_init_fails_json_debug",
        "logs_init_fails.handler",
        log_format="JSON",
        log_level="DEBUG",
    ),
    Case(
        "logs_init_fails_json_error",
        "logs_init_fails.handler",
        log_format="JSON",
        log_level="ERROR",
    ),
    Case("logs_set_formatter", "logs_set_formatter.handler"),
    Case("logs_set_level", "logs_set_level.handler"),
    Case("logs_set_level_json", "logs_set_level.handler", log_format="JSON"),
    Case("logs_basic_config", "logs_basic_config.handler"),
    Case("logs_replace_handlers", "logs_replace_handlers.handler"),
    # -- print and stdout ---------------------------------------------------------------------
    Case("print_lines", "prints.lines"),
    Case("print_partial_line", "prints.partial_line"),
    Case("print_partial_then_log", "prints.partial_then_log"),
    Case("print_stderr", "prints.stderr"),
    Case("print_non_ascii", "prints.non_ascii"),
    Case("print_carriage_return", "prints.carriage_return"),
    Case("print_writelines", "prints.flush_and_writelines"),
    Case("print_lone_surrogate", "prints.lone_surrogate"),
    Case("print_lone_surrogate_stderr", "prints.lone_surrogate_stderr"),
    Case("os_write_fd1", "prints.write_fd1"),
    Case("print_dunder_stdout", "prints.dunder_stdout"),
    Case("stdout_properties", "stdout_props.handler"),
    # -- context ------------------------------------------------------------------------------
    Case("context_attributes", "context_attrs.attributes"),
    Case("context_identity_absent", "context_attrs.identity"),
    Case("context_identity", "context_attrs.identity", identity=IDENTITY),
    Case(
        "context_identity_extra_keys",
        "context_attrs.identity",
        identity={**IDENTITY, "cognitoIdentityProvider": "cognito-idp", "extra": 1},
    ),
    Case("context_identity_partial", "context_attrs.identity", identity={"cognitoIdentityId": "only-id"}),
    Case("context_client_context_absent", "context_attrs.client_context"),
    Case("context_client_context", "context_attrs.client_context", client_context=CLIENT_CONTEXT),
    Case(
        "context_client_context_extra_keys",
        "context_attrs.client_context",
        client_context={**CLIENT_CONTEXT, "extra": {"x": 1}, "client": {**CLIENT_CONTEXT["client"], "sdk": "2"}},
    ),
    Case("context_client_context_no_client", "context_attrs.client_context", client_context={"custom": {"a": 1}}),
    Case(
        "context_w3c",
        "context_attrs.w3c",
        client_context={"custom": {"a": 1}, "w3c": {"traceparent": "00-abc-def-01", "tracestate": 5}},
    ),
    Case("context_repr", "context_attrs.context_repr", identity=IDENTITY, client_context=CLIENT_CONTEXT),
    Case("context_public_names", "context_attrs.public_names"),
    # -- time zone, environment, execution environment -----------------------------------------
    Case("time_zone", "time_zone.handler"),
    Case("environ_at_import", "import_environ.handler", environment={"TABLE": "orders"}),
    Case("environ_during_invoke", "environ_invoke.handler", environment={"TABLE": "orders"}),
    Case("warm_state", "warm_state.handler", events=({"n": 1}, {"n": 2}, {"n": 3})),
]
