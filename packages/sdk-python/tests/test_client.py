"""The client against a scripted server: polling (ETag, backoff, Retry-After, refused keys,
invalid documents), streaming (put, patch, delete, polling fallback), events, listeners,
lifecycle, file and bootstrap sources."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any, TypedDict

import pytest

from flagswitch import Client, EventsConfig, FlagsChange
from flagswitch.sources import BootstrapSource, FileSource
from helpers import document, eventually, flag
from scripted_server import Answer, scripted_server

class Timings(TypedDict):
    poll_interval: float
    retry_initial: float
    retry_max: float
    request_timeout: float


FAST = Timings(poll_interval=0.2, retry_initial=0.05, retry_max=0.2, request_timeout=2.0)
"""Seconds instead of the production defaults, so the suite runs in seconds."""


def on_document(version: int = 1, served: int = 1, **extra: Any) -> dict[str, Any]:
    return document(flag("checkout", fallthrough={"variation": served}, **extra), version=version)


def experiment_document() -> dict[str, Any]:
    return document(
        flag(
            "exp",
            fallthrough={"rollout": {"weights": [50_000, 50_000]}},
            experiment={"key": "checkout-test", "running": True},
        )
    )


# Polling


def test_polling_serves_the_document_and_revalidates_with_its_etag() -> None:
    with scripted_server() as (server, url):
        server.set_document(on_document(), "v1")
        with Client("sdk-key", url, source="polling", events=False, **FAST) as client:
            assert client.wait_until_ready(5) == "ready"
            assert client.bool_variation("checkout", {"key": "u"}, False) is True
            eventually(lambda: len(server.recorded("/sdk/v1/flags")) >= 3)
        requests = server.recorded("/sdk/v1/flags")
        assert requests[0].headers.get("Authorization") == "sdk-key"
        assert "If-None-Match" not in requests[0].headers
        assert all(item.headers.get("If-None-Match") == "v1" for item in requests[1:])


def test_polling_picks_up_a_change() -> None:
    with scripted_server() as (server, url):
        server.set_document(on_document(), "v1")
        with Client("sdk-key", url, source="polling", events=False, **FAST) as client:
            client.wait_until_ready(5)
            changes: list[FlagsChange] = []
            client.on_change(changes.append)
            server.set_document(on_document(version=2, served=0), "v2")
            eventually(lambda: client.bool_variation("checkout", {"key": "u"}, True) is False)
            eventually(lambda: changes == [FlagsChange(frozenset({"checkout"}))])


def test_an_invalid_document_is_refused_and_the_last_good_one_kept() -> None:
    with scripted_server() as (server, url):
        server.set_document(on_document(), "v1")
        with Client("sdk-key", url, source="polling", events=False, **FAST) as client:
            client.wait_until_ready(5)
            broken = on_document(version=2)
            broken["flags"]["checkout"]["offVariation"] = 7
            server.set_document(broken, "v2")
            eventually(lambda: len(server.recorded("/sdk/v1/flags")) >= 3)
            assert client.bool_variation("checkout", {"key": "u"}, False) is True
            assert client.document is not None and client.document.version == 1
            # The refused version is fetched again (no If-None-Match: v2) until a good one comes.
            assert all(item.headers.get("If-None-Match") != "v2" for item in server.recorded("/sdk/v1/flags"))


def test_server_errors_back_off_and_retry_after_is_honoured() -> None:
    with scripted_server() as (server, url):
        server.set_document(on_document(), "v1")
        server.flags_answers.put(Answer(500))
        server.flags_answers.put(Answer(503, headers={"Retry-After": "1"}))
        started = time.monotonic()
        with Client("sdk-key", url, source="polling", events=False, **FAST) as client:
            assert client.wait_until_ready(5) == "ready"
            waited = time.monotonic() - started
        assert waited >= 1.0, "Retry-After: 1 must delay the third request by a second"
        assert len(server.recorded("/sdk/v1/flags")) >= 3


def test_a_refused_key_fails_fast_and_serves_defaults() -> None:
    with scripted_server() as (server, url):
        server.flags_answers.put(Answer(401))
        with Client("bad-key", url, source="polling", events=False, **FAST) as client:
            assert client.wait_until_ready(5) == "failed"
            detail = client.variation_detail("checkout", {"key": "u"}, False)
            assert detail.value is False
            assert detail.reason.error_kind == "CLIENT_NOT_READY"
            time.sleep(0.5)
        assert len(server.recorded("/sdk/v1/flags")) == 1, "polling stops after a refused key"


def test_an_unreachable_server_falls_back_to_bootstrap_then_defaults() -> None:
    with Client("k", "http://127.0.0.1:9", source="polling", events=False, bootstrap=on_document(), **FAST) as client:
        assert client.wait_until_ready(0.3) == "bootstrap"
        assert client.bool_variation("checkout", {"key": "u"}, False) is True
    with Client("k", "http://127.0.0.1:9", source="polling", events=False, **FAST) as client:
        assert client.wait_until_ready(0.3) == "failed"
        assert client.string_variation("checkout", {"key": "u"}, "default") == "default"


def test_cache_file_serves_the_last_good_document_after_a_restart(tmp_path: Path) -> None:
    cache = tmp_path / "flags.json"
    with scripted_server() as (server, url):
        server.set_document(on_document(), "v1")
        with Client("k", url, source="polling", events=False, cache_path=cache, **FAST) as client:
            client.wait_until_ready(5)
    assert json.loads(cache.read_text())["version"] == 1
    with Client("k", "http://127.0.0.1:9", source="polling", events=False, cache_path=cache, **FAST) as client:
        assert client.wait_until_ready(0.2) == "cached"
        assert client.bool_variation("checkout", {"key": "u"}, False) is True


# Streaming


def sse(event: str, data: Any, event_id: str | None = None) -> str:
    id_line = f"id: {event_id}\n" if event_id is not None else ""
    return f"{id_line}event: {event}\ndata: {json.dumps(data)}\n\n"


def test_streaming_applies_put_patch_and_delete() -> None:
    with scripted_server() as (server, url):
        server.set_document(on_document(), "v1")
        server.stream_events.put(sse("put", on_document(), "1"))
        with Client("k", url, source="streaming", events=False, **FAST) as client:
            assert client.wait_until_ready(5) == "ready"
            patched = flag("checkout", version=2, fallthrough={"variation": 0})
            server.stream_events.put(": heartbeat\n\n")
            server.stream_events.put(sse("patch", {"kind": "flag", "key": "checkout", "data": patched}, "2"))
            eventually(lambda: client.bool_variation("checkout", {"key": "u"}, True) is False)
            stale = flag("checkout", version=1, fallthrough={"variation": 1})
            server.stream_events.put(sse("patch", {"kind": "flag", "key": "checkout", "data": stale}, "3"))
            server.stream_events.put(sse("delete", {"kind": "flag", "key": "checkout", "version": 3}, "4"))
            eventually(lambda: client.variation_detail("checkout", {}, True).reason.error_kind == "FLAG_NOT_FOUND")
            assert client.bool_variation("checkout", {"key": "u"}, True) is True
        # The stream was open: polling never ran (the first poll is held back while connecting).
        assert len(server.recorded("/sdk/v1/flags")) <= 1


def test_a_quiet_stream_stays_open_until_dead_after_then_reconnects() -> None:
    with scripted_server() as (server, url):
        server.set_document(on_document(), "v1")
        server.stream_events.put(sse("put", on_document(), "1"))
        timings = Timings(poll_interval=30, retry_initial=0.05, retry_max=0.1, request_timeout=0.2)
        with Client("k", url, source="streaming", events=False, stream_dead_after=1.0, **timings) as client:
            client.wait_until_ready(5)
            time.sleep(0.6)  # silence longer than the request timeout is not a dead stream
            assert server.stream_connections == 1
            eventually(lambda: server.stream_connections == 2, timeout=3)  # but past dead_after it is
            assert server.recorded("/sdk/v1/stream")[-1].headers.get("Last-Event-ID") == "1"


def test_polling_takes_over_while_the_stream_is_down_and_the_stream_resumes() -> None:
    with scripted_server() as (server, url):
        server.stream_status = 503
        server.set_document(on_document(), "v1")
        with Client("k", url, source="streaming", events=False, **FAST) as client:
            assert client.wait_until_ready(5) == "ready"
            server.set_document(on_document(version=2, served=0), "v2")
            eventually(lambda: client.bool_variation("checkout", {"key": "u"}, True) is False)
            server.stream_status = 200
            server.stream_events.put(sse("put", on_document(version=3), "3"))
            eventually(lambda: client.bool_variation("checkout", {"key": "u"}, False) is True)
            stream_requests = server.recorded("/sdk/v1/stream")
            assert stream_requests[-1].headers.get("Last-Event-ID") == "2", "resumes from the polled version"


# Events


def test_exposures_are_deduplicated_batched_and_conversions_tracked() -> None:
    with scripted_server() as (server, url):
        server.set_document(experiment_document(), "v1")
        with Client("k", url, source="polling", events=EventsConfig(flush_interval=60), **FAST) as client:
            client.wait_until_ready(5)
            for _ in range(100):
                client.bool_variation("exp", {"key": "user-1"}, False)
                client.json_variation("exp", {"key": "user-2"})
            client.string_variation("exp", {"key": "user-3"}, "x")  # wrong type: no exposure
            client.track("purchase", {"key": "user-1"}, 9.5)
            client.track("", {"key": "user-1"})  # refused, logged, never raised
            assert client.flush(5) is True
            stats = client.event_stats()
        batches = [item.body for item in server.recorded("/sdk/v1/events")]
        events = [event for batch in batches for event in batch["events"]]
        exposures = [event for event in events if event["kind"] == "exposure"]
        assert sorted(event["contextKey"] for event in exposures) == ["user-1", "user-2"]
        assert exposures[0]["experimentKey"] == "checkout-test" and exposures[0]["flagVersion"] == 1
        assert [event for event in events if event["kind"] == "conversion"] == [
            {"kind": "conversion", "eventKey": "purchase", "contextKey": "user-1", "value": 9.5, "ts": events[-1]["ts"]}
        ]
        assert batches[0]["sdk"]["name"] and batches[0]["batchId"]
        assert stats.sent == 3 and stats.deduplicated == 198 and stats.dropped == 1  # track("")


def test_a_malformed_event_is_dropped_alone_instead_of_spoiling_its_batch(caplog: pytest.LogCaptureFixture) -> None:
    with scripted_server() as (server, url):
        server.set_document(experiment_document(), "v1")
        with Client("k", url, source="polling", events=EventsConfig(flush_interval=60), **FAST) as client:
            client.wait_until_ready(5)
            client.bool_variation("exp", {"key": "u" * 2000}, False)
            client.bool_variation("exp", {"key": "u" * 2000}, False)  # deduplicated: reported once
            client.bool_variation("exp", {"key": "a\x00b"}, False)
            client.track("", {"key": "user-1"})
            client.track("purchase", {"key": "user-1"}, float("nan"))
            client.track("purchase", {"key": "user-1"}, float("inf"))
            client.track("purchase", {"key": "user-1"}, "12")  # type: ignore[arg-type]
            client.track("purchase", {"key": "\U0001f600" * 513})  # 1026 UTF-16 code units
            client.track("purchase", {"key": "\U0001f600" * 512})  # 1024: fine
            client.track("purchase", {"key": "user-1"}, 5)
            assert client.flush(5) is True
            stats = client.event_stats()
        events = [event for item in server.recorded("/sdk/v1/events") for event in item.body["events"]]
        assert [(event["kind"], event.get("value")) for event in events] == [("conversion", None), ("conversion", 5)]
        assert stats.sent == 2 and stats.dropped == 7 and stats.deduplicated == 1
        reports = [record.getMessage() for record in caplog.records if "not recorded" in record.getMessage()]
        assert reports == [
            "flagswitch: exposure of flag 'exp' not recorded: contextKey must be 1 to 1024 characters, without NUL",
            "flagswitch: exposure of flag 'exp' not recorded: contextKey must be 1 to 1024 characters, without NUL",
            "flagswitch: conversion '' not recorded: eventKey must be 1 to 256 characters, without NUL",
            "flagswitch: conversion 'purchase' not recorded: value must be a finite number",
            "flagswitch: conversion 'purchase' not recorded: value must be a finite number",
            "flagswitch: conversion 'purchase' not recorded: value must be a finite number",
            "flagswitch: conversion 'purchase' not recorded: contextKey must be 1 to 1024 characters, without NUL",
        ]


def test_a_failed_batch_is_retried_with_the_same_batch_id() -> None:
    with scripted_server() as (server, url):
        server.events_answers.put(Answer(503))
        server.events_answers.put(Answer(500))
        config = EventsConfig(flush_interval=60, retry_initial=0.01, retry_max=0.05)
        with Client("k", url, source=None, events=config) as client:
            client.track("signup", {"key": "user-1"})
            assert client.flush(5) is True
        ids = [item.body["batchId"] for item in server.recorded("/sdk/v1/events")]
        assert len(ids) == 3 and len(set(ids)) == 1


def test_close_sends_what_is_buffered() -> None:
    with scripted_server() as (server, url):
        client = Client("k", url, source=None, events=EventsConfig(flush_interval=60))
        client.track("signup", {"key": "user-1"})
        client.close()
        assert len(server.recorded("/sdk/v1/events")) == 1
        client.track("late", {"key": "user-1"})  # after close: ignored, never raises
        assert client.status == "closed"


def test_a_full_buffer_drops_the_oldest_events() -> None:
    config = EventsConfig(flush_interval=60, capacity=10, batch_size=1000)
    with Client("k", "http://127.0.0.1:9", source=None, events=config) as client:
        for index in range(25):
            client.track("e", {"key": f"user-{index}"})
        stats = client.event_stats()
        assert stats.queued == 10 and stats.dropped == 15
        client.close(timeout=0.1)


# Evaluation API, listeners, threads


def test_typed_variations_and_wrong_types() -> None:
    raw = document(
        flag("text", variations=[{"key": "a", "value": "hello"}], offVariation=0),
        flag("number", variations=[{"key": "a", "value": 2.5}], offVariation=0),
        flag("object", variations=[{"key": "a", "value": {"limit": [1, 2]}}], offVariation=0),
    )
    with Client("k", source=BootstrapSource(raw)) as client:
        assert client.wait_until_ready(1) == "ready"
        assert client.string_variation("text", {"key": "u"}, "x") == "hello"
        assert client.number_variation("number", {"key": "u"}, 0) == 2.5
        assert client.bool_variation("text", {"key": "u"}, False) is False
        assert client.variation_detail("text", {"key": "u"}, False).reason.error_kind == "WRONG_TYPE"
        value = client.json_variation("object", {"key": "u"})
        assert value == {"limit": [1, 2]}
        assert isinstance(value, dict)
        value["limit"] = []  # a copy: the flag keeps its value
        assert client.json_variation("object", {"key": "u"}) == {"limit": [1, 2]}
        assert client.all_flags({"key": "u"}) == {"text": "hello", "number": 2.5, "object": {"limit": [1, 2]}}


def test_all_flags_can_keep_only_client_side_flags() -> None:
    raw = document(flag("public", clientSide=True), flag("private"))
    with Client("k", source=BootstrapSource(raw)) as client:
        assert client.all_flags({"key": "u"}, client_side_only=True) == {"public": False}


def test_a_raising_listener_does_not_stop_the_others(tmp_path: Path) -> None:
    path = tmp_path / "flags.json"
    path.write_text(json.dumps(on_document()))
    with Client("k", source=FileSource(path, interval=0.05)) as client:
        seen: list[FlagsChange] = []

        def broken(change: FlagsChange) -> None:
            raise RuntimeError("listener bug")

        client.on_change(broken)
        unsubscribe = client.on_change(seen.append)
        path.write_text(json.dumps(on_document(version=2, served=0)) + " ")
        eventually(lambda: len(seen) == 1)
        unsubscribe()
        path.write_text(json.dumps(on_document(version=3, served=1)))
        eventually(lambda: client.bool_variation("checkout", {"key": "u"}, False) is True)
        assert len(seen) == 1
        path.write_text("{ not json")
        time.sleep(0.2)
        assert client.bool_variation("checkout", {"key": "u"}, False) is True


def test_concurrent_evaluation_while_documents_change() -> None:
    with scripted_server() as (server, url):
        server.set_document(on_document(), "v1")
        server.stream_events.put(sse("put", on_document(), "1"))
        errors: list[BaseException] = []
        with Client("k", url, source="streaming", events=False, **FAST) as client:
            client.wait_until_ready(5)
            stop = threading.Event()

            def evaluate_in_a_loop() -> None:
                try:
                    while not stop.is_set():
                        assert isinstance(client.bool_variation("checkout", {"key": "u"}, False), bool)
                except BaseException as error:
                    errors.append(error)

            threads = [threading.Thread(target=evaluate_in_a_loop) for _ in range(4)]
            for thread in threads:
                thread.start()
            for version in range(2, 40):
                data = flag("checkout", version=version, fallthrough={"variation": version % 2})
                server.stream_events.put(sse("patch", {"kind": "flag", "key": "checkout", "data": data}, str(version)))
            eventually(lambda: client.document is not None and client.document.flags["checkout"]["version"] == 39)
            stop.set()
            for thread in threads:
                thread.join()
        assert errors == []


def test_close_stops_every_background_thread() -> None:
    before = {thread.name for thread in threading.enumerate()}
    with scripted_server() as (server, url):
        server.set_document(on_document(), "v1")
        server.stream_events.put(sse("put", on_document(), "1"))
        client = Client("k", url, source="streaming", **FAST)
        client.wait_until_ready(5)
        client.close()
        eventually(
            lambda: not {t.name for t in threading.enumerate() if t.name.startswith("flagswitch")} - before,
            timeout=5,
        )
        assert client.bool_variation("checkout", {"key": "u"}, False) is True, "serves the last document after close"


@pytest.mark.parametrize("base_url", ["not a url", "ftp://example.com"])
def test_a_malformed_base_url_is_reported_not_raised(base_url: str) -> None:
    with Client("k", base_url, events=False) as client:
        assert client.wait_until_ready(0.1) == "failed"
        assert client.bool_variation("checkout", {"key": "u"}, True) is True
