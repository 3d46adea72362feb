"""Run a function over many tasks in N local worker processes; results come back in task order.

:func:`ordered_map` is what ``multiprocessing.Pool.imap`` does for a batch, without its threads.
The Pool's worker-handler thread waits on the result pipe among other things, and wakes again
and again while a result is still being read from it, so the parent spent some 21 µs of CPU an
article just taking in jsonl results, time it took from the workers on a 2-core machine. Here
the parent is one thread: it hands each worker its next task as it returns one, keeps results
that arrive early, and yields them in order. A worker that dies (killed, out of memory) stops the
run with :class:`WorkerError` instead of leaving it waiting for ever.

>>> list(ordered_map(abs, [-3, 2, -1], jobs=2))
[3, 2, 1]
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import sys
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from multiprocessing.reduction import ForkingPickler
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Tasks a worker holds at once: the one it works on and the next, so that it never waits for
# the parent between tasks. Tasks are small (a chunk's slugs), so two fit in the socket's
# buffer, and sending one never blocks on a worker that is busy sending a result.
_AHEAD = 2


class WorkerError(RuntimeError):
    """A worker process stopped without returning its tasks' results."""


def _serve(
    connection: Connection,
    function: Callable[[Any], Any],
    initializer: Callable[..., None] | None,
    initargs: Sequence[Any],
) -> None:
    """A worker's life: set up, then answer each task with (True, result) or (False, error)."""
    # Ctrl-C reaches every process of the terminal; stopping the workers is the parent's job.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        if initializer is not None:
            initializer(*initargs)
    except BaseException as exc:  # reported as the answer to the first task
        _answer(connection, (False, exc))
        return
    while True:
        try:
            task = connection.recv()
        except EOFError:  # the parent is gone
            return
        if task is None:
            return
        try:
            answer: tuple[bool, Any] = (True, function(task))
        except BaseException as exc:
            answer = (False, exc)
        _answer(connection, answer)


def _answer(connection: Connection, answer: tuple[bool, Any]) -> None:
    ok, value = answer
    if not ok:
        # The parent sees its own traceback; the worker's is kept in a note.
        value.add_note("in a worker process:\n" + "".join(traceback.format_exception(value)))
    try:
        data = ForkingPickler.dumps(answer)  # as Connection.send pickles
    except Exception as exc:  # the result or the error cannot be pickled
        data = ForkingPickler.dumps((False, WorkerError(f"cannot send a result back: {exc!r}")))
    with contextlib.suppress(OSError):  # the parent is gone: nobody to tell
        connection.send_bytes(data)


class _Worker:
    __slots__ = ("connection", "pending", "process")

    def __init__(self, process: Any, connection: Connection) -> None:
        self.process = process
        self.connection = connection
        self.pending: deque[int] = deque()  # indexes of the tasks it holds, in order


def ordered_map(
    function: Callable[[T], R],
    tasks: Sequence[T],
    *,
    jobs: int,
    initializer: Callable[..., None] | None = None,
    initargs: Sequence[Any] = (),
) -> Iterator[R]:
    """``function(task)`` for each task, in order, computed by ``jobs`` worker processes.

    Each worker first calls ``initializer(*initargs)``. ``function``, ``initializer`` and their
    arguments must be module-level (picklable) where processes are spawned. An exception in a
    worker is raised here, with the worker's traceback in a note; closing the iterator early
    stops the workers.
    """
    context = multiprocessing.get_context("spawn" if sys.platform == "win32" else "fork")
    workers: list[_Worker] = []
    finished = False
    try:
        for _ in range(min(max(jobs, 1), len(tasks))):
            mine, theirs = context.Pipe()
            process = context.Process(  # type: ignore[attr-defined]
                target=_serve, args=(theirs, function, initializer, initargs), daemon=True
            )
            process.start()
            theirs.close()  # so that the worker's end closing reads as the end here
            workers.append(_Worker(process, mine))
        queue = iter(range(len(tasks)))

        def hand_out(worker: _Worker) -> None:
            while len(worker.pending) < _AHEAD:
                index = next(queue, None)
                if index is None:
                    return
                worker.pending.append(index)
                try:
                    worker.connection.send(tasks[index])
                except OSError:
                    # It has stopped: what it said last (its error) or its end is read next.
                    return

        for worker in workers:
            hand_out(worker)
        early: dict[int, R] = {}  # results that came back before those of earlier tasks
        by_connection = {worker.connection: worker for worker in workers}
        for wanted in range(len(tasks)):
            while wanted not in early:
                busy = [worker.connection for worker in workers if worker.pending]
                for connection in wait(busy):
                    worker = by_connection[connection]  # type: ignore[index]
                    early[worker.pending.popleft()] = _receive(worker)
                    hand_out(worker)
            yield early.pop(wanted)
        finished = True
    finally:
        _stop(workers, gently=finished)


def _receive(worker: _Worker) -> Any:
    try:
        ok, value = worker.connection.recv()
    except (EOFError, OSError):
        worker.process.join(5)
        code = worker.process.exitcode
        how = f"was killed by signal {-code}" if code is not None and code < 0 else "stopped"
        raise WorkerError(
            f"a worker process {how} before it finished (exit status {code}); "
            "the system may have stopped it for want of memory"
        ) from None
    if not ok:
        raise value
    return value


def _stop(workers: list[_Worker], *, gently: bool) -> None:
    """Let idle workers exit, or stop them at once (after an error, or when not all results
    were wanted); either way, wait for them."""
    for worker in workers:
        if gently:
            with contextlib.suppress(OSError):  # it died; joining tells
                worker.connection.send(None)
        else:
            worker.process.terminate()
    for worker in workers:
        worker.process.join(10)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.connection.close()
