"""Where a batch's tasks run: this process, local worker processes, or a Dask cluster.

Each is a :class:`concurrent.futures.Executor`, so a run has one loop whatever runs it;
:func:`in_order` hands tasks out a bounded window ahead and takes their results in order.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import BrokenExecutor, Executor, Future
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from .errors import BatchError, WorkerError

_P = ParamSpec("_P")
_T = TypeVar("_T")
_R = TypeVar("_R")


class InProcess(Executor):
    """An executor that runs each task at once, in this process: ``--jobs 1`` takes the same
    run loop as workers do, without a process to start or results to copy.

    ``on_shutdown`` is called when it shuts down, as a worker process's end would end what
    the process kept (its Worker and the folders it holds open).
    """

    def __init__(self, on_shutdown: Callable[[], None]) -> None:
        self.on_shutdown = on_shutdown

    def submit(self, fn: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs) -> Future[_T]:
        future: Future[_T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:  # raised from result(), as another executor would
            future.set_exception(exc)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.on_shutdown()


def _worker_started(parent: int) -> None:
    """Set up a local worker process: it ends when the batch process ends, however it ends,
    and when it ends normally it saves what it learnt to the cache folder.

    Killed outright, the batch process cannot stop its workers; without this they would work
    on, holding the pipe of whoever reads its output. Linux ends them with the parent
    (PR_SET_PDEATHSIG); elsewhere a thread looks for the parent every second.
    """
    # Ctrl-C reaches every process of the terminal; stopping the workers is the parent's job.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A pool's worker ends without running atexit handlers, which keep what the process
    # learnt (inflect's and babel's answers) in the cache folder: multiprocessing's own
    # finalizers do run as it ends.
    import multiprocessing.util

    from .cache import save_memos

    multiprocessing.util.Finalize(None, save_memos, exitpriority=0)
    watched = False
    if sys.platform == "linux":
        import ctypes

        pr_set_pdeathsig = 1
        libc = ctypes.CDLL(None, use_errno=True)
        watched = libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0) == 0
    if os.getppid() != parent:  # it ended before the line above took effect
        os._exit(1)
    if not watched:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        threading.Event().wait(1)
    os._exit(1)


@contextmanager
def executor(
    jobs: int, dask_address: str | None, on_shutdown: Callable[[], None]
) -> Iterator[tuple[Executor, int]]:
    """The executor a run uses, and how many workers it has.

    ``on_shutdown`` is what this process calls when it has served as the worker (``jobs``
    1). Raises BatchError when the Dask scheduler cannot be used.
    """
    if dask_address:
        try:
            from distributed import Client
        except ImportError as exc:
            raise BatchError("--dask needs dask.distributed: pip install 'narrator[dask]'") from exc
        try:
            client = Client(dask_address, timeout="10s")
        except OSError as exc:
            raise BatchError(f"cannot reach the Dask scheduler at {dask_address!r}: {exc}") from exc
        with client:
            yield client.get_executor(pure=False), max(1, sum(client.nthreads().values()))
        return
    chosen: Executor
    if jobs <= 1:
        chosen = InProcess(on_shutdown)
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # Forked workers start at once, with narrator already imported.
        method = "spawn" if sys.platform == "win32" else "fork"
        chosen = ProcessPoolExecutor(
            jobs,
            mp_context=multiprocessing.get_context(method),
            initializer=_worker_started,
            initargs=(os.getpid(),),
        )
    try:
        yield chosen, max(jobs, 1)
    finally:
        chosen.shutdown(wait=True)


_WORKER_DIED = (
    "a worker process stopped before it finished (killed, or the system ran out of memory)"
)


def in_order(
    executor: Executor, work: Callable[[_T], _R], tasks: Iterator[_T], window: int
) -> Iterator[_R]:
    """``work`` on each task, the results in the tasks' order, ``window`` tasks out at most.

    A task is taken from ``tasks`` just before it is handed out. On an error, or when the
    caller stops early, the tasks not yet begun are cancelled. Raises WorkerError when a
    worker process dies.
    """
    pending: deque[Future[_R]] = deque()

    def hand_out() -> None:
        task = next(tasks, None)
        if task is not None:
            try:
                pending.append(executor.submit(work, task))
            except BrokenExecutor:
                # The pool may learn of the death before the result it would have spoiled is
                # read: the same one line, whichever comes first.
                raise WorkerError(_WORKER_DIED) from None

    try:
        for _ in range(window):
            hand_out()
        while pending:
            try:
                result = pending[0].result()
            except BrokenExecutor:
                raise WorkerError(_WORKER_DIED) from None
            pending.popleft()
            hand_out()  # before this result is used: the worker is not kept waiting
            yield result
    finally:
        for future in pending:
            future.cancel()
