"""The Python SDK against the real @flagswitch/server (packages/server/dist, built by npm test):
polling and streaming pick up a change, events are counted in an experiment's results, and the
client keeps serving while the server is killed and restarted."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from flagswitch import Client, EventsConfig
from flagswitch_server import FlagSwitchServer
from helpers import eventually

PROJECT = "shop"
ENVIRONMENT = "production"
TOGGLED = "new-checkout"
EXPERIMENT_FLAG = "checkout-button"
EXPERIMENT = "checkout-button-test"


def flag_path(flag_key: str) -> str:
    return f"/api/v1/projects/{PROJECT}/environments/{ENVIRONMENT}/flags/{flag_key}"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlagSwitchServer]:
    running = FlagSwitchServer(tmp_path_factory.mktemp("flagswitch-server"))
    running.start()
    try:
        running.admin("POST", "/api/v1/projects", {"key": PROJECT, "name": "Shop"})
        for key in (TOGGLED, EXPERIMENT_FLAG):
            running.admin("POST", f"/api/v1/projects/{PROJECT}/flags", {"key": key, "name": key})
        running.admin("PATCH", flag_path(TOGGLED), {"fallthrough": {"variation": 0}})
        running.admin("POST", f"{flag_path(EXPERIMENT_FLAG)}/rollout", {"percentage": 50})
        running.admin("POST", f"{flag_path(EXPERIMENT_FLAG)}/toggle", {"enabled": True})
        running.admin(
            "POST",
            f"/api/v1/projects/{PROJECT}/experiments",
            {
                "key": EXPERIMENT,
                "flag": EXPERIMENT_FLAG,
                "environment": ENVIRONMENT,
                "primaryMetric": {"eventKey": "purchase", "kind": "binomial"},
            },
        )
        running.admin("POST", f"/api/v1/projects/{PROJECT}/experiments/{EXPERIMENT}/start", {})
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def sdk_key(server: FlagSwitchServer) -> str:
    created = server.admin(
        "POST",
        "/api/v1/keys",
        {"kind": "server", "name": "python-e2e", "project": PROJECT, "environment": ENVIRONMENT},
    )
    secret: str = created["secret"]
    return secret


def set_enabled(server: FlagSwitchServer, enabled: bool) -> None:
    server.admin("POST", f"{flag_path(TOGGLED)}/toggle", {"enabled": enabled})


def time_until(predicate: Any, timeout: float) -> float:
    started = time.monotonic()
    eventually(predicate, timeout=timeout, interval=0.002)
    return time.monotonic() - started


def test_streaming_picks_up_a_toggle_within_a_second(
    server: FlagSwitchServer, sdk_key: str, record_property: Any
) -> None:
    set_enabled(server, False)
    with Client(sdk_key, server.url, source="streaming", events=False) as client:
        assert client.wait_until_ready(10) == "ready"
        assert client.bool_variation(TOGGLED, {"key": "user-1"}, True) is False
        propagation: list[float] = []
        for enabled in (True, False, True, False, True):
            set_enabled(server, enabled)
            propagation.append(time_until(lambda: client.bool_variation(TOGGLED, {"key": "u"}, not enabled) is enabled, 5))
        record_property("streaming_propagation_seconds", propagation)
        print(f"streaming propagation (after the admin API answered): {[round(p * 1000) for p in propagation]} ms")
        assert max(propagation) < 1.0


def test_polling_picks_up_a_toggle_on_its_next_poll(
    server: FlagSwitchServer, sdk_key: str, record_property: Any
) -> None:
    set_enabled(server, False)
    with Client(sdk_key, server.url, source="polling", poll_interval=0.5, events=False) as client:
        assert client.wait_until_ready(10) == "ready"
        assert client.bool_variation(TOGGLED, {"key": "user-1"}, True) is False
        set_enabled(server, True)
        waited = time_until(lambda: client.bool_variation(TOGGLED, {"key": "u"}, False) is True, 5)
        record_property("polling_propagation_seconds", waited)
        print(f"polling propagation with a 0.5 s interval: {waited * 1000:.0f} ms")
        assert waited < 0.5 * 1.1 + 1.0  # one interval (with its jitter), and a loaded machine


def test_exposures_and_conversions_are_counted_in_the_experiment_results(
    server: FlagSwitchServer, sdk_key: str
) -> None:
    users = [f"user-{index}" for index in range(200)]
    served: dict[str, bool] = {}
    with Client(sdk_key, server.url, source="streaming", events=EventsConfig(flush_interval=60)) as client:
        assert client.wait_until_ready(10) == "ready"
        for user in users:
            for _ in range(3):  # repeated evaluations are one exposure
                served[user] = client.bool_variation(EXPERIMENT_FLAG, {"key": user}, False)
            assert client.variation_detail(EXPERIMENT_FLAG, {"key": user}, False).reason.in_experiment
        buyers = users[:60]
        for user in buyers:
            client.track("purchase", {"key": user})
        assert client.flush(10) is True
        assert client.event_stats().sent == len(users) + len(buyers)

    results = server.admin("GET", f"/api/v1/projects/{PROJECT}/experiments/{EXPERIMENT}/results")
    exposed = {item["key"]: item["exposed"] for item in results["variations"]}
    on_count = sum(1 for value in served.values() if value)
    assert exposed == {"on": on_count, "off": len(users) - on_count}
    primary = next(metric for metric in results["metrics"] if metric["primary"])
    converting = {item["variation"]: item["converting"] for item in primary["variations"]}
    buyers_on = sum(1 for user in buyers if served[user])
    assert converting == {"on": buyers_on, "off": len(buyers) - buyers_on}


def test_the_client_keeps_serving_while_the_server_is_killed_and_restarted(
    server: FlagSwitchServer, sdk_key: str, tmp_path: Path, record_property: Any
) -> None:
    set_enabled(server, True)
    with Client(
        sdk_key, server.url, source="streaming", poll_interval=0.5, retry_initial=0.1, retry_max=0.5, events=False
    ) as client:
        assert client.wait_until_ready(10) == "ready"
        assert client.bool_variation(TOGGLED, {"key": "u"}, False) is True

        server.kill()
        deadline = time.monotonic() + 1.5  # several reconnect and poll attempts fail meanwhile
        while time.monotonic() < deadline:
            assert client.bool_variation(TOGGLED, {"key": "u"}, False) is True
            assert client.status == "ready"
            time.sleep(0.05)

        server.start()
        set_enabled(server, False)  # a change made while the SDK was disconnected
        recovered = time_until(lambda: client.bool_variation(TOGGLED, {"key": "u"}, True) is False, 10)
        record_property("recovery_after_restart_seconds", recovered)
        print(f"change made right after the restart reached the client in {recovered * 1000:.0f} ms")
        set_enabled(server, True)  # and the stream is live again
        time_until(lambda: client.bool_variation(TOGGLED, {"key": "u"}, False) is True, 2)
