"""Amazon CloudWatch events: an alarm's state change invoking a function directly, and a dashboard's
custom widget rendered by a function. (CloudWatch Logs subscriptions are in ``cloudwatch_logs``.)

https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-actions-Lambda.html (the
event objects of a metric alarm and a composite alarm),
https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html (reasons) and
https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/add_custom_widget_dashboard_about.html
(the custom widget's event).
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any, Literal, TypedDict

from pytest_lambda.events._common import Gen, choice, flag, override_error, text
from pytest_lambda.events._registry import EventSource, register

__all__ = [
    "CloudWatchAlarmConfiguration",
    "CloudWatchAlarmData",
    "CloudWatchAlarmEvent",
    "CloudWatchAlarmMetric",
    "CloudWatchAlarmMetricStat",
    "CloudWatchAlarmState",
    "CloudWatchMetric",
    "CloudWatchWidgetContext",
    "CloudWatchWidgetEvent",
    "CloudWatchWidgetTimeRange",
    "CloudWatchWidgetTimeZone",
    "CloudWatchWidgetZoom",
    "cloudwatch_alarm_event",
    "cloudwatch_dashboard_widget_event",
    "cw_time",
]

StateValue = Literal["OK", "ALARM", "INSUFFICIENT_DATA"]


class CloudWatchMetric(TypedDict):
    namespace: str
    name: str
    dimensions: dict[str, str]


class CloudWatchAlarmMetricStat(TypedDict, total=False):
    metric: CloudWatchMetric
    period: int
    stat: str
    unit: str  # only when the alarm sets one


class CloudWatchAlarmMetric(TypedDict, total=False):
    id: str
    metricStat: CloudWatchAlarmMetricStat  # a metric query
    expression: str  # or a metric math expression
    label: str
    returnData: bool


class CloudWatchAlarmState(TypedDict, total=False):
    value: StateValue
    reason: str
    reasonData: str  # a JSON document, as a string
    timestamp: str
    actionsSuppressedBy: str
    actionsSuppressedReason: str


class CloudWatchAlarmConfiguration(TypedDict, total=False):
    description: str
    metrics: list[CloudWatchAlarmMetric]  # metric alarms
    alarmRule: str  # composite alarms
    actionsSuppressor: str
    actionsSuppressorWaitPeriod: int
    actionsSuppressorExtensionPeriod: int


class CloudWatchAlarmData(TypedDict):
    alarmName: str
    state: CloudWatchAlarmState
    previousState: CloudWatchAlarmState
    configuration: CloudWatchAlarmConfiguration


class CloudWatchAlarmEvent(TypedDict):
    source: Literal["aws.cloudwatch"]
    alarmArn: str
    accountId: str
    time: str
    region: str
    alarmData: CloudWatchAlarmData


STATES: tuple[StateValue, ...] = ("ALARM", "OK", "INSUFFICIENT_DATA")
ALARM_TYPES = ("metric", "metric_math", "composite")
SHORTHANDS = ("alarm_type", "state", "previous_state", "alarm_name", "description")
VARIANTS = {
    "alarm_type": " | ".join(ALARM_TYPES),
    "state": " | ".join(STATES),
    "previous_state": " | ".join(STATES),
}

PERIOD = 60  # seconds; every metric query of these alarms evaluates one-minute periods

# (namespace, metric name, dimension name, statistic, unit or None, threshold): alarms people set up.
_METRICS: tuple[tuple[str, str, str, str, str | None, float], ...] = (
    ("AWS/Lambda", "Errors", "FunctionName", "Sum", None, 5.0),
    ("AWS/Lambda", "Duration", "FunctionName", "Average", "Milliseconds", 3000.0),
    ("AWS/EC2", "CPUUtilization", "InstanceId", "Average", "Percent", 80.0),
    ("AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", "Maximum", None, 1000.0),
    ("AWS/DynamoDB", "ThrottledRequests", "TableName", "Sum", None, 10.0),
    ("AWS/ApiGateway", "5XXError", "ApiName", "Sum", None, 10.0),
)


def cw_time(epoch_ms: int) -> str:
    """CloudWatch alarm times: ``2023-08-04T12:56:46.138+0000``."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(epoch_ms // 1000)) + f".{epoch_ms % 1000:03d}+0000"


def _short_time(epoch_ms: int) -> str:
    # The datapoint dates in threshold reasons: "[1.0 (17/02/24 11:51:00)]".
    return time.strftime("%d/%m/%y %H:%M:%S", time.gmtime(epoch_ms // 1000))


_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip


def _long_time(epoch_ms: int) -> str:
    # Composite reasons: "transitioned to ALARM at Friday 04 August, 2023 12:54:46 UTC" (English, whatever
    # the local locale: strftime's %A and %B would follow it).
    moment = datetime.fromtimestamp(epoch_ms / 1000, tz=timezone.utc)
    return f"{_DAYS[moment.weekday()]} {moment.day:02d} {_MONTHS[moment.month - 1]}, {moment:%Y %H:%M:%S} UTC"


def _resource(gen: Gen, dimension: str) -> str:
    word = gen.pick("word")
    if dimension == "InstanceId":
        return f"i-{gen.hex(17)}"
    return {"FunctionName": f"{word}-handler", "QueueName": f"{word}-queue", "TableName": f"{word}-table"}.get(
        dimension, f"{word}-api"
    )


def _fmt(value: float) -> str:
    return repr(float(value))  # CloudWatch writes datapoints as Java doubles: 1.0, 95.25


def _metric_state(
    gen: Gen, value: StateValue, at_ms: int, stat: str, threshold: float, previous: StateValue
) -> CloudWatchAlarmState:
    """A threshold alarm's state: the reason text and the reasonData JSON agree on datapoint and threshold."""
    query_ms = at_ms - gen.integer(1, 20)
    start_ms = (query_ms // 1000 // PERIOD - 1) * PERIOD * 1000  # the last complete period
    data: dict[str, Any] = {
        "version": "1.0",
        "queryDate": cw_time(query_ms),
        "startDate": cw_time(start_ms),
        "statistic": stat,
        "period": PERIOD,
    }
    if value == "INSUFFICIENT_DATA":
        data["recentDatapoints"] = []
        data["threshold"] = threshold
        data["evaluatedDatapoints"] = [{"timestamp": cw_time(start_ms)}]
        reason = "Insufficient Data: 1 datapoint was unknown."
    else:
        breach = value == "ALARM"
        point = round(threshold * (gen.integer(110, 300) if breach else gen.integer(5, 95)) / 100, 2)
        samples = float(gen.integer(1, 500))
        data["recentDatapoints"] = [point]
        data["threshold"] = threshold
        data["evaluatedDatapoints"] = [{"timestamp": cw_time(start_ms), "sampleCount": samples, "value": point}]
        reason = (
            f"Threshold Crossed: 1 out of the last 1 datapoints [{_fmt(point)} ({_short_time(start_ms)})] was "
            f"{'' if breach else 'not '}greater than the threshold ({_fmt(threshold)}) "
            f"(minimum 1 datapoint for {previous} -> {value} transition)."
        )
    return {
        "value": value,
        "reason": reason,
        "reasonData": json.dumps(data, separators=(",", ":")),
        "timestamp": cw_time(at_ms),
    }


def _composite_state(gen: Gen, value: StateValue, at_ms: int, child_arn: str) -> CloudWatchAlarmState:
    """A composite alarm's state: the reason names the child alarm whose transition triggered it."""
    child_ms = at_ms - gen.integer(1_000, 120_000)
    data = {"triggeringAlarms": [{"arn": child_arn, "state": {"value": value, "timestamp": cw_time(child_ms)}}]}
    return {
        "value": value,
        "reason": f"{child_arn} transitioned to {value} at {_long_time(child_ms)}",
        "reasonData": json.dumps(data, separators=(",", ":")),
        "timestamp": cw_time(at_ms),
    }


def _metric_query(
    gen: Gen, spec: tuple[str, str, str, str, str | None, float], resource: str
) -> CloudWatchAlarmMetricStat:
    namespace, name, dimension, stat, unit, _ = spec
    query: CloudWatchAlarmMetricStat = {
        "metric": {"namespace": namespace, "name": name, "dimensions": {dimension: resource}},
        "period": PERIOD,
        "stat": stat,
    }
    if unit is not None:
        query["unit"] = unit
    return query


def cloudwatch_alarm_event(gen: Gen, shorthands: dict[str, Any]) -> CloudWatchAlarmEvent:
    """A metric, metric-math or composite alarm's transition (``alarm_type``) to ``state``."""
    alarm_type = choice(shorthands, "alarm_type", ALARM_TYPES, "metric")
    state: StateValue = choice(shorthands, "state", STATES, "ALARM")
    default_previous = "OK" if state != "OK" else "ALARM"
    previous: StateValue = choice(shorthands, "previous_state", STATES, default_previous)
    at_ms = gen.now_ms - gen.integer(0, 1_000)
    previous_ms = at_ms - gen.integer(60_000, 3_600_000)
    configuration: CloudWatchAlarmConfiguration
    if alarm_type == "composite":
        service = gen.pick("word")
        default_name = f"{service}-service-health"
        children = [f"{service}-errors", f"{service}-latency"]
        child_arns = [gen.arn("cloudwatch", f"alarm:{child}") for child in children]
        configuration = {"alarmRule": f"ALARM({children[0]}) OR ALARM({children[1]})"}
        current = _composite_state(gen, state, at_ms, child_arns[0])
        before = _composite_state(gen, previous, previous_ms, child_arns[1])
    else:
        spec = _METRICS[gen.random.randrange(len(_METRICS))]
        _, name, dimension, stat, _, threshold = spec
        resource = _resource(gen, dimension)
        metrics: list[CloudWatchAlarmMetric]
        if alarm_type == "metric":
            default_name = f"{resource}-{name}"
            # A single-metric alarm's query id is generated by CloudWatch.
            metrics = [{"id": gen.uuid(), "metricStat": _metric_query(gen, spec, resource), "returnData": True}]
            description = f"{name} of {resource} above {_fmt(threshold)}"
        else:
            # Metric math: an error-rate expression over two metric queries that return no data themselves.
            function = _resource(gen, "FunctionName")
            errors = ("AWS/Lambda", "Errors", "FunctionName", "Sum", None, 0.0)
            invocations = ("AWS/Lambda", "Invocations", "FunctionName", "Sum", None, 0.0)
            stat, threshold, default_name = "Sum", 5.0, f"{function}-error-rate"
            metrics = [
                {"id": "e1", "expression": "100*(m1/m2)", "label": "ErrorRate", "returnData": True},
                {"id": "m1", "metricStat": _metric_query(gen, errors, function), "returnData": False},
                {"id": "m2", "metricStat": _metric_query(gen, invocations, function), "returnData": False},
            ]
            description = f"Error rate of {function} above {_fmt(threshold)} %"
        configuration = {"description": str(shorthands.get("description", description)), "metrics": metrics}
        current = _metric_state(gen, state, at_ms, stat, threshold, previous)
        before = _metric_state(gen, previous, previous_ms, stat, threshold, "ALARM" if previous == "OK" else "OK")
    if alarm_type == "composite" and "description" in shorthands:
        configuration["description"] = str(shorthands["description"])
    alarm_name = shorthands.get("alarm_name", default_name)
    if not isinstance(alarm_name, str) or not alarm_name:
        raise override_error(f"alarm_name must be a non-empty str, got {alarm_name!r}")
    return {
        "source": "aws.cloudwatch",
        "alarmArn": gen.arn("cloudwatch", f"alarm:{alarm_name}"),
        "accountId": gen.account_id,
        "time": current["timestamp"],  # the time of the transition this event reports
        "region": gen.region,
        "alarmData": {
            "alarmName": alarm_name,
            "state": current,
            "previousState": before,
            "configuration": configuration,
        },
    }


register(
    EventSource(
        "cloudwatch_alarm",
        "An Amazon CloudWatch alarm's state change, invoking the function as an alarm action",
        cloudwatch_alarm_event,  # type: ignore[arg-type]
        SHORTHANDS,
        docs="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-actions-Lambda.html",
        variants=VARIANTS,
    )
)


# -- cloudwatch_dashboard_widget: a dashboard's custom widget -------------------------------------------


class CloudWatchWidgetTimeZone(TypedDict):
    label: str  # "UTC" or "Local"
    offsetISO: str  # "+00:00"
    offsetInMinutes: int


class CloudWatchWidgetZoom(TypedDict):
    start: int
    end: int


class _CloudWatchWidgetTimeRangeBase(TypedDict):
    mode: Literal["relative", "absolute"]
    start: int  # epoch milliseconds
    end: int
    zoom: CloudWatchWidgetZoom


class CloudWatchWidgetTimeRange(_CloudWatchWidgetTimeRangeBase, total=False):
    relativeStart: int  # for a relative range: how far back it starts, in milliseconds


class CloudWatchWidgetContext(TypedDict):
    dashboardName: str
    widgetId: str
    domain: str
    accountId: str
    locale: str
    timezone: CloudWatchWidgetTimeZone
    period: int
    isAutoPeriod: bool
    timeRange: CloudWatchWidgetTimeRange
    theme: Literal["light", "dark"]
    linkCharts: bool
    title: str
    forms: dict[str, dict[str, Any]]  # {"all": the widget's form fields}
    params: dict[str, Any]
    width: int
    height: int


class CloudWatchWidgetEvent(TypedDict, total=False):
    """The event: the widget's ``params`` at the top level too, beside ``widgetContext``."""

    describe: bool  # set when the console asks the function to document itself
    widgetContext: CloudWatchWidgetContext


WIDGET_TIME_RANGES = ("relative", "absolute")
WIDGET_THEMES = ("light", "dark")
WIDGET_SHORTHANDS = ("params", "dashboard", "title", "forms", "time_range", "theme", "describe")
_HOUR_MS = 3_600_000
_RELATIVE_RANGES_MS = (_HOUR_MS, 3 * _HOUR_MS, 12 * _HOUR_MS, 24 * _HOUR_MS, 7 * 24 * _HOUR_MS)


def cloudwatch_dashboard_widget_event(gen: Gen, shorthands: dict[str, Any]) -> dict[str, Any]:
    """A dashboard rendering a custom widget: its ``params`` (top level and in widgetContext) and context."""
    params = shorthands.get("params", {"metric": gen.random.choice(("Errors", "Latency", "Invocations"))})
    if not isinstance(params, Mapping) or not all(isinstance(k, str) for k in params):
        raise override_error(f"params must be a dict of the widget's parameters, got {params!r}")
    reserved = sorted({"widgetContext", "describe"} & set(params))
    if reserved:
        raise override_error(f"params cannot use the name {reserved[0]!r}: CloudWatch puts its own field there")
    forms = shorthands.get("forms", {})
    if not isinstance(forms, Mapping):
        raise override_error(f"forms must be a dict of the widget's form fields, got {forms!r}")
    mode = choice(shorthands, "time_range", WIDGET_TIME_RANGES, "relative")
    theme = choice(shorthands, "theme", WIDGET_THEMES, "light")
    describe = flag(shorthands, "describe", False)
    end = gen.now_ms - gen.integer(0, 1_000)
    length = gen.random.choice(_RELATIVE_RANGES_MS)
    start = end - length
    # A zoom narrows the range to a window inside it.
    zoom_start = start + gen.integer(0, length // 2)
    zoom_end = min(end, zoom_start + gen.integer(length // 10, length // 2))
    time_range: CloudWatchWidgetTimeRange = {
        "mode": "relative" if mode == "relative" else "absolute",
        "start": start,
        "end": end,
        "zoom": {"start": zoom_start, "end": zoom_end},
    }
    if mode == "relative":
        time_range["relativeStart"] = length
    context: CloudWatchWidgetContext = {
        "dashboardName": text(shorthands, "dashboard", f"{gen.pick('word')}-{gen.pick('word')}-dashboard"),
        "widgetId": f"widget-{gen.integer(1, 40)}",
        "domain": f"https://{gen.region}.console.aws.amazon.com",
        "accountId": gen.account_id,
        "locale": "en",
        "timezone": {"label": "UTC", "offsetISO": "+00:00", "offsetInMinutes": 0},
        "period": 300,  # seconds; the auto period of a short range
        "isAutoPeriod": True,
        "timeRange": time_range,
        "theme": "light" if theme == "light" else "dark",
        "linkCharts": True,
        "title": text(shorthands, "title", f"{gen.pick('word').title()} {gen.pick('word')} report"),
        "forms": {"all": dict(forms)},
        "params": copy.deepcopy(dict(params)),  # its own copy: the top-level params are another
        "width": gen.integer(300, 1_200),
        "height": gen.integer(200, 800),
    }
    event: dict[str, Any] = dict(params)
    if describe:
        event["describe"] = True
    event["widgetContext"] = context
    return event


register(
    EventSource(
        "cloudwatch_dashboard_widget",
        "A CloudWatch dashboard custom widget rendered by a Lambda function",
        cloudwatch_dashboard_widget_event,
        WIDGET_SHORTHANDS,
        aliases=("cloudwatch_custom_widget",),
        docs="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/add_custom_widget_dashboard_about.html",
        variants={"time_range": " | ".join(WIDGET_TIME_RANGES), "theme": " | ".join(WIDGET_THEMES)},
    )
)
