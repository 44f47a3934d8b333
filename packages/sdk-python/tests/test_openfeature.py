"""The OpenFeature provider, exercised only through the OpenFeature API."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openfeature import api
from openfeature.client import OpenFeatureClient
from openfeature.evaluation_context import EvaluationContext
from openfeature.event import EventDetails, ProviderEvent
from openfeature.exception import ErrorCode, OpenFeatureError
from openfeature.flag_evaluation import Reason
from openfeature.provider import ProviderStatus
from openfeature.track import TrackingEventDetails

from flagswitch import Client, EventsConfig
from flagswitch.event_sink import Delivery
from flagswitch.openfeature_provider import FlagSwitchProvider
from flagswitch.sources import BootstrapSource, FileSource
from helpers import clause, document, eventually, flag, rule
from scripted_server import Answer, scripted_server

DOCUMENT = document(
    flag("beta", rules=[rule("staff", clause("email", "endsWith", "@shop.example"))]),
    flag("banner", variations=[{"key": "a", "value": "hello"}], offVariation=0),
    flag("limit", variations=[{"key": "a", "value": 25}, {"key": "b", "value": 2.5}], offVariation=0),
    flag("ratio", variations=[{"key": "b", "value": 2.5}], offVariation=0),
    flag("config", variations=[{"key": "a", "value": {"colour": "blue"}}], offVariation=0),
    flag("disabled", enabled=False),
    flag("launch", rules=[rule("after-launch", clause("now", "after", "2026-01-01T00:00:00Z"))]),
    flag(
        "experiment",
        fallthrough={"rollout": {"weights": [50_000, 50_000]}},
        experiment={"key": "exp", "running": True},
    ),
)


class RecordingSink:
    def __init__(self) -> None:
        self.batches: list[dict[str, Any]] = []

    def send(self, batch: dict[str, Any]) -> Delivery:
        self.batches.append(batch)
        return Delivery("sent")


@pytest.fixture
def openfeature() -> Iterator[tuple[OpenFeatureClient, Client, RecordingSink]]:
    sink = RecordingSink()
    client = Client("k", source=BootstrapSource(DOCUMENT), events=EventsConfig(flush_interval=60), event_sink=sink)
    api.set_provider_and_wait(FlagSwitchProvider(client), domain="flagswitch-tests")
    try:
        yield api.get_client("flagswitch-tests"), client, sink
    finally:
        api.clear_providers()


def test_values_of_every_type(openfeature: tuple[OpenFeatureClient, Client, RecordingSink]) -> None:
    features, _, _ = openfeature
    staff = EvaluationContext("user-1", {"email": "ada@shop.example"})
    assert features.get_boolean_value("beta", False, staff) is True
    assert features.get_boolean_value("beta", True, EvaluationContext("user-2", {"email": "x@y.z"})) is False
    assert features.get_string_value("banner", "", staff) == "hello"
    assert features.get_integer_value("limit", 0, staff) == 25
    assert features.get_float_value("ratio", 0.0, staff) == 2.5
    assert features.get_object_value("config", {}, staff) == {"colour": "blue"}


def test_details_carry_variant_reason_and_rule(openfeature: tuple[OpenFeatureClient, Client, RecordingSink]) -> None:
    features, _, _ = openfeature
    details = features.get_boolean_details("beta", False, EvaluationContext("u", {"email": "ada@shop.example"}))
    assert (details.variant, details.reason, details.flag_metadata) == ("on", Reason.TARGETING_MATCH, {"ruleId": "staff"})
    assert features.get_boolean_details("beta", False, EvaluationContext("u")).reason == Reason.DEFAULT
    assert features.get_boolean_details("disabled", True, EvaluationContext("u")).reason == Reason.DISABLED


def test_errors_serve_the_default_with_an_error_code(
    openfeature: tuple[OpenFeatureClient, Client, RecordingSink],
) -> None:
    features, _, _ = openfeature
    missing = features.get_boolean_details("no-such-flag", True, EvaluationContext("u"))
    assert (missing.value, missing.error_code) == (True, ErrorCode.FLAG_NOT_FOUND)
    wrong = features.get_string_details("beta", "fallback", EvaluationContext("u"))
    assert (wrong.value, wrong.error_code, wrong.reason) == ("fallback", ErrorCode.TYPE_MISMATCH, Reason.ERROR)
    fraction = features.get_integer_details("ratio", 7, EvaluationContext("u"))
    assert (fraction.value, fraction.error_code) == (7, ErrorCode.TYPE_MISMATCH)
    not_an_object = features.get_object_details("banner", {"x": 1}, EvaluationContext("u"))
    assert (not_an_object.value, not_an_object.error_code) == ({"x": 1}, ErrorCode.TYPE_MISMATCH)


def test_datetime_attributes_compare_as_instants(openfeature: tuple[OpenFeatureClient, Client, RecordingSink]) -> None:
    features, _, _ = openfeature
    later = datetime.datetime(2026, 6, 1, tzinfo=datetime.timezone.utc)
    earlier = datetime.datetime(2025, 6, 1, tzinfo=datetime.timezone.utc)
    assert features.get_boolean_value("launch", False, EvaluationContext("u", {"now": later})) is True
    assert features.get_boolean_value("launch", True, EvaluationContext("u", {"now": earlier})) is False


def test_exposures_and_tracking_reach_the_event_sink(
    openfeature: tuple[OpenFeatureClient, Client, RecordingSink],
) -> None:
    features, client, sink = openfeature
    details = features.get_boolean_details("experiment", False, EvaluationContext("user-9"))
    assert details.flag_metadata == {"inExperiment": True}
    features.track("purchase", EvaluationContext("user-9"), TrackingEventDetails(value=12.5))
    assert client.flush(5)
    events = [event for batch in sink.batches for event in batch["events"]]
    assert [event["kind"] for event in events] == ["exposure", "conversion"]
    assert events[1]["value"] == 12.5 and events[1]["contextKey"] == "user-9"


def test_an_unreachable_server_leaves_the_provider_not_ready_until_a_document_arrives(tmp_path: Path) -> None:
    path = tmp_path / "later.json"  # does not exist yet: like a server that is still down
    client = Client("k", source=FileSource(path, interval=0.05))
    with pytest.raises(OpenFeatureError) as raised:
        api.set_provider_and_wait(FlagSwitchProvider(client, ready_timeout=0.2), domain="flagswitch-late")
    assert raised.value.error_code == ErrorCode.PROVIDER_NOT_READY
    try:
        features = api.get_client("flagswitch-late")
        assert features.get_provider_status() == ProviderStatus.ERROR
        assert features.get_boolean_value("beta", True, EvaluationContext("u")) is True
        path.write_text(json.dumps(DOCUMENT))
        eventually(lambda: features.get_provider_status() == ProviderStatus.READY)
        assert features.get_string_value("banner", "", EvaluationContext("u")) == "hello"
    finally:
        api.clear_providers()
    assert client.status == "closed"


def test_a_refused_sdk_key_is_fatal() -> None:
    with scripted_server() as (server, url):
        server.flags_answers.put(Answer(403))
        client = Client("revoked", url, source="polling", events=False)
        with pytest.raises(OpenFeatureError) as raised:
            api.set_provider_and_wait(FlagSwitchProvider(client), domain="flagswitch-refused")
        try:
            assert raised.value.error_code == ErrorCode.PROVIDER_FATAL
            assert api.get_client("flagswitch-refused").get_provider_status() == ProviderStatus.FATAL
        finally:
            api.clear_providers()


def test_changes_are_announced_as_configuration_changed(tmp_path: Path) -> None:
    path = tmp_path / "flags.json"
    path.write_text(json.dumps(DOCUMENT))
    client = Client("k", source=FileSource(path, interval=0.05))
    api.set_provider_and_wait(FlagSwitchProvider(client), domain="flagswitch-changes")
    seen: list[EventDetails] = []
    try:
        features = api.get_client("flagswitch-changes")
        features.add_handler(ProviderEvent.PROVIDER_CONFIGURATION_CHANGED, seen.append)
        changed = json.loads(json.dumps(DOCUMENT))
        changed["flags"]["banner"]["variations"][0]["value"] = "bonjour"
        path.write_text(json.dumps(changed))
        eventually(lambda: features.get_string_value("banner", "", EvaluationContext("u")) == "bonjour")
        eventually(lambda: any(item.flags_changed == ["banner"] for item in seen))
    finally:
        api.clear_providers()
