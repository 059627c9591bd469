"""Supervised worker processes: each item runs in a forked child under a wall-time and a memory limit.

A child that passes a limit, or dies, costs that one item (the caller turns it into a quarantine
reason) and is replaced; the other items go on. Children are started with os.fork(), not
multiprocessing: inside a Celery worker the task process is daemonic and multiprocessing refuses
to start children there ("daemonic processes are not allowed to have children"); fork has no such
rule, and a forked child inherits what the parent loaded (the source registry, ~1.5 s to read).

Limits, per item:
- wall time: the parent kills the child (SIGKILL: it may be stuck in C code) once it is over;
- memory: what the item adds to the child's resident set. The parent polls it; the child also
  measures its own peak per item (Linux: VmHWM, reset before each item), so a spike between two
  polls still counts; and an address-space limit (RLIMIT_AS) stops a runaway allocation outright.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, Pipe, wait
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")
MB = 2**20
POLL_S = 0.1  # how often the parent reads the children's memory
DEPTH = 2  # items sent ahead to each child, so it never waits for the parent between two items


@dataclass
class ItemStats:
    wall_s: float
    peak_mb: float | None  # memory the item added to its worker at its peak (None: not measurable here)


@dataclass
class Failure:
    """Why an item produced no result: 'resource limit: …' or 'worker crashed: …'."""

    reason: str


# --- in the child -------------------------------------------------------------------------------


def _status_kb(field_name: str) -> int | None:
    try:
        with open("/proc/self/status", "rb") as f:
            for line in f:
                if line.startswith(field_name.encode()):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # reset VmHWM to the current resident set (Linux >= 4.0)
        return True
    except OSError:
        return False


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before prctl
        os._exit(1)


def _limit_address_space(memory_mb: int) -> None:
    """Hard stop well above the polled limit (a fast allocation may outrun the poll)."""
    import resource

    vm_kb = _status_kb("VmSize")
    if vm_kb is None:
        return
    cap = vm_kb * 1024 + max(2 * memory_mb, memory_mb + 1024) * MB
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _child(conn: Connection, fn: Callable[[Any], Any], memory_mb: int, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent(parent)
    _limit_address_space(memory_mb)
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        index, item = msg
        measured = _reset_peak()
        base_kb = _status_kb("VmRSS") or 0
        t0 = time.perf_counter()
        over = False
        try:
            out: Any = fn(item)
        except MemoryError:
            out, over = None, True
        except Exception as e:  # noqa: BLE001 - the caller's fn should not raise; report, never die of it
            out = Failure(f"worker crashed: {type(e).__name__}: {e}")
        wall = time.perf_counter() - t0
        peak_kb = _status_kb("VmHWM") if measured else None
        peak_mb = None if peak_kb is None else max(0.0, (peak_kb - base_kb) / 1024)
        if over or (peak_mb is not None and peak_mb > memory_mb):
            out = Failure(f"resource limit: memory over {memory_mb} MB")
            over = True
        conn.send((index, out, wall, peak_mb, _status_kb("VmRSS")))
        if over:
            return  # what the item left behind goes with this process: the parent starts another


# --- in the parent ------------------------------------------------------------------------------


@dataclass
class _Worker(Generic[T]):
    pid: int
    conn: Connection
    queue: deque[tuple[int, T]] = field(default_factory=deque)
    started: float = 0.0  # when the item at the head of the queue started
    base_rss: int = 0  # the child's resident set between items, in bytes


def _rss(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _exit_reason(pid: int) -> str:
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return "worker crashed: it vanished"
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
        hint = " (out of memory?)" if sig == signal.SIGKILL else ""
        return f"worker crashed: killed by {name}{hint}"
    return f"worker crashed: exited with status {os.waitstatus_to_exitcode(status)}"


class WorkerPool(Generic[T, R]):
    """`workers` forked children running `fn` on items, one at a time each, under the limits."""

    def __init__(self, fn: Callable[[T], R], *, workers: int, time_s: float, memory_mb: int) -> None:
        if not hasattr(os, "fork"):
            raise RuntimeError("normalize workers need os.fork (Linux or macOS)")
        self.fn, self.n, self.time_s, self.memory_mb = fn, workers, time_s, memory_mb
        self.workers: list[_Worker[T]] = []
        self.replaced = 0

    def _start(self) -> _Worker[T]:
        parent_end, child_end = Pipe(duplex=True)
        parent = os.getpid()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: never returns into the caller's code
            code = 0
            try:
                parent_end.close()
                for w in self.workers:  # the other children's pipes are not ours
                    w.conn.close()
                _child(child_end, self.fn, self.memory_mb, parent)
            except BaseException:  # noqa: BLE001
                code = 1
            finally:
                os._exit(code)
        child_end.close()
        w: _Worker[T] = _Worker(pid, parent_end)
        w.base_rss = _rss(pid) or 0
        self.workers.append(w)
        return w

    def _stop(self, w: _Worker[T], kill: bool) -> None:
        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.kill(w.pid, signal.SIGKILL)
        w.conn.close()
        self.workers.remove(w)

    def _fail(self, w: _Worker[T], reason: str, pending: deque[tuple[int, T]]) -> tuple[int, Failure, ItemStats]:
        """The head item fails with `reason`; the others sent to `w` go back to the front of the line."""
        index, _ = w.queue.popleft()
        pending.extendleft(reversed(w.queue))
        w.queue.clear()
        stats = ItemStats(round(time.monotonic() - w.started, 3), None)
        return index, Failure(reason), stats

    def __enter__(self) -> WorkerPool[T, R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def run(self, item: T) -> tuple[R | Failure, ItemStats]:
        """One item, waited for."""
        [(_, out, stats)] = list(self.map([item]))
        return out, stats

    def map(self, items: Sequence[T]) -> Iterator[tuple[int, R | Failure, ItemStats]]:
        """(index, result or Failure, stats) of every item, in the order they finish. The children
        stay up for the next call; close() (or leaving a `with` block) ends them."""
        pending: deque[tuple[int, T]] = deque(enumerate(items))
        finished = False
        try:
            while pending or any(w.queue for w in self.workers):
                while len(self.workers) < min(self.n, len(pending) + sum(len(w.queue) for w in self.workers)):
                    self._start()
                now = time.monotonic()
                for w in self.workers:
                    while len(w.queue) < DEPTH and pending:
                        if not w.queue:
                            w.started = now
                        w.queue.append(pending.popleft())
                        w.conn.send(w.queue[-1])
                busy = [w for w in self.workers if w.queue]
                deadline = min(w.started for w in busy) + self.time_s
                ready = wait([w.conn for w in busy], timeout=max(0.0, min(POLL_S, deadline - time.monotonic())))
                for conn in ready:
                    w = next(w for w in busy if w.conn is conn)
                    try:
                        index, out, wall, peak_mb, rss_kb = conn.recv()
                    except (EOFError, OSError):
                        self._stop(w, kill=True)
                        self.replaced += 1
                        yield self._fail(w, _exit_reason(w.pid), pending)
                        continue
                    w.queue.popleft()
                    w.started = time.monotonic()
                    if rss_kb:
                        w.base_rss = rss_kb * 1024
                    if isinstance(out, Failure) and out.reason.startswith("resource limit: memory"):
                        self._stop(w, kill=False)
                        _exit_reason(w.pid)  # reap it: it exits after this answer
                        pending.extendleft(reversed(w.queue))
                        self.replaced += 1
                    yield index, out, ItemStats(round(wall, 3), None if peak_mb is None else round(peak_mb, 1))
                now = time.monotonic()
                for w in [w for w in self.workers if w.queue]:
                    if now - w.started > self.time_s:
                        reason = f"resource limit: wall time over {self.time_s:g} s"
                    elif (rss := _rss(w.pid)) is not None and rss - w.base_rss > self.memory_mb * MB:
                        reason = f"resource limit: memory over {self.memory_mb} MB"
                    else:
                        continue
                    self._stop(w, kill=True)
                    _exit_reason(w.pid)
                    self.replaced += 1
                    yield self._fail(w, reason, pending)
            finished = True
        finally:
            if not finished:  # the caller stopped early or failed: nothing may outlive it
                self.close()

    def close(self) -> None:
        """Idle children are told to exit; busy ones (the caller stopped early) are killed."""
        for w in self.workers:
            if w.queue:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(w.pid, signal.SIGKILL)
            else:
                with contextlib.suppress(OSError):
                    w.conn.send(None)
            w.conn.close()
        for w in self.workers:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(w.pid, 0)
        self.workers.clear()
