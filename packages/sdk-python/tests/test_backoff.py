from __future__ import annotations

import time
from email.utils import formatdate

from flagswitch.backoff import MAX_RETRY_AFTER, Backoff, jittered, retry_after_seconds


def test_delays_double_from_the_upper_half_of_each_step_up_to_the_maximum() -> None:
    backoff = Backoff(initial=1.0, maximum=8.0)
    steps = [1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    for step in steps:
        delay = backoff.next_delay()
        assert step / 2 <= delay <= step
    backoff.reset()
    assert backoff.next_delay() <= 1.0


def test_delays_are_spread_so_clients_do_not_retry_together() -> None:
    delays = {Backoff(initial=10.0).next_delay() for _ in range(50)}
    assert len(delays) > 40
    assert min(delays) >= 5.0 and max(delays) <= 10.0


def test_poll_intervals_vary_by_ten_percent() -> None:
    intervals = [jittered(30.0) for _ in range(500)]
    assert all(27.0 <= interval <= 33.0 for interval in intervals)
    assert max(intervals) - min(intervals) > 4.0


def test_retry_after_in_seconds_or_as_an_http_date() -> None:
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds(" 5 ") == 5.0
    assert retry_after_seconds(str(10**9)) == MAX_RETRY_AFTER
    in_a_minute = retry_after_seconds(formatdate(time.time() + 60, usegmt=True))
    assert in_a_minute is not None and 55 <= in_a_minute <= 61
    assert retry_after_seconds(formatdate(time.time() - 60, usegmt=True)) == 0.0
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("") is None
    assert retry_after_seconds("soon") is None
