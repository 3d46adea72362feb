"""The local worker pool: results in task order, errors and dead workers reported, no leftovers."""

from __future__ import annotations

import multiprocessing
import os
import time

import pytest

from narrator.pool import WorkerError, ordered_map


def _slow_when_even(n: int) -> tuple[int, int]:
    # Even tasks take longer, so the workers finish out of order.
    time.sleep(0.02 if n % 2 == 0 else 0)
    return n, os.getpid()


def _fail_on_three(n: int) -> int:
    if n == 3:
        raise ValueError(f"no {n}")
    return n


def _die_on_three(n: int) -> int:
    if n == 3:
        os._exit(7)
    return n


def _sleep(n: int) -> int:
    time.sleep(n)
    return n


_BASE = 0


def _set_base(base: int) -> None:
    global _BASE
    _BASE = base


def _add_base(n: int) -> int:
    return _BASE + n


def _refuse(_base: int) -> None:
    raise LookupError("cannot set up")


def test_results_come_in_task_order_from_every_worker() -> None:
    results = list(ordered_map(_slow_when_even, range(40), jobs=3))
    assert [n for n, _ in results] == list(range(40))
    assert len({pid for _, pid in results}) == 3
    assert os.getpid() not in {pid for _, pid in results}


def test_initializer_runs_in_each_worker() -> None:
    assert list(
        ordered_map(_add_base, [1, 2, 3], jobs=2, initializer=_set_base, initargs=(10,))
    ) == [11, 12, 13]


def test_an_error_in_a_task_is_raised_here_with_the_workers_traceback() -> None:
    results = ordered_map(_fail_on_three, range(10), jobs=2)
    assert [next(results) for _ in range(3)] == [0, 1, 2]
    with pytest.raises(ValueError, match="no 3") as caught:
        next(results)
    assert any("in a worker process" in note for note in caught.value.__notes__)
    assert not multiprocessing.active_children()


def test_an_initializer_error_is_raised_here() -> None:
    with pytest.raises(LookupError, match="cannot set up"):
        list(ordered_map(_add_base, [1, 2], jobs=2, initializer=_refuse, initargs=(1,)))
    assert not multiprocessing.active_children()


def test_a_worker_that_dies_stops_the_run_instead_of_hanging() -> None:
    start = time.monotonic()
    with pytest.raises(WorkerError, match="exit status 7"):
        list(ordered_map(_die_on_three, range(10), jobs=2))
    assert time.monotonic() - start < 30
    assert not multiprocessing.active_children()


def test_closing_early_stops_busy_workers_at_once() -> None:
    results = ordered_map(_sleep, [0, 60, 60, 60], jobs=2)
    assert next(results) == 0
    start = time.monotonic()
    results.close()
    assert time.monotonic() - start < 10
    assert not multiprocessing.active_children()


def test_fewer_tasks_than_jobs_and_no_tasks() -> None:
    assert list(ordered_map(abs, [-1], jobs=4)) == [1]
    assert list(ordered_map(abs, [], jobs=4)) == []
