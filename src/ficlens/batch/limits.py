"""Time and memory limits for one work analysed in this process (``ficlens analyze --max-time --max-memory``),
built from the batch engine's own parts (:func:`~ficlens.batch.local.rss_bytes`, the address-space backstop).

A watchdog thread reads the process's resident memory and the clock five times a second; past a limit it
interrupts the main thread with :class:`LimitExceeded`, a ``BaseException`` (as ``KeyboardInterrupt`` is) so no
``except Exception`` in the analysis swallows it, and :func:`bounded` turns that into one
:class:`ResourceLimitError` naming the file and the limit. An address-space soft limit (the larger of twice the memory
limit and the limit plus 1 GB, as the batch workers have) catches allocations faster than the polling: they fail
with ``MemoryError``, reported the same way. Both are undone when the block ends.
"""

from __future__ import annotations

import _thread
import contextlib
import os
import resource
import signal
import threading
import time
from collections.abc import Iterator

from ..errors import FiclensError
from .local import rss_bytes

POLL_SECONDS = 0.2


class ResourceLimitError(FiclensError):
    """A work took longer, or more memory, than the limits allow."""

    code = "E410"


class LimitExceeded(BaseException):
    """Raised in the main thread by the watchdog (not an Exception: nothing in the analysis may catch it)."""


def _mb(n: int) -> str:
    return f"{n / 2**20:,.0f} MB"


def _soft_address_space_limit(max_memory: int, old: tuple[int, int]) -> None:
    """The batch workers' backstop (``batch.local._limit_address_space``), as a soft limit only: this process
    lives on after the work, and a lowered hard limit could never be raised again."""
    if max_memory <= 0:
        return
    limit = max(2 * max_memory, max_memory + (1 << 30))
    soft, hard = old
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft == resource.RLIM_INFINITY or limit < soft:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


@contextlib.contextmanager
def bounded(label: str, *, max_seconds: float = 0.0, max_memory: int = 0) -> Iterator[None]:
    """Run the block under the limits (0: none); past one, raise :class:`ResourceLimitError` for ``label``.

    The watchdog needs the main thread (signals); elsewhere only the address-space backstop applies.
    """
    tripped: list[str] = []
    done = threading.Event()
    started = time.monotonic()
    main = threading.current_thread() is threading.main_thread()

    def interrupt(_signum: int, _frame: object) -> None:
        if not done.is_set():  # an interrupt arriving as the block ends is dropped: the work finished
            raise LimitExceeded

    def watch() -> None:
        while not done.wait(POLL_SECONDS):
            if max_seconds > 0 and time.monotonic() - started > max_seconds:
                tripped.append(f"stopped after {max_seconds:g}s, the --max-time limit (raise it with --max-time)")
            elif max_memory > 0 and (rss := rss_bytes(os.getpid())) > max_memory:
                tripped.append(
                    f"stopped at {_mb(rss)} of memory, over the --max-memory limit of {_mb(max_memory)} "
                    "(raise it with --max-memory)"
                )
            if tripped:
                _thread.interrupt_main(signal.SIGUSR1)
                return

    previous = signal.signal(signal.SIGUSR1, interrupt) if main else None
    watchdog = threading.Thread(target=watch, name="ficlens-limits", daemon=True) if main else None
    if watchdog is not None:
        watchdog.start()  # before the address-space limit: a thread's stack is address space too
    old_as = resource.getrlimit(resource.RLIMIT_AS)
    _soft_address_space_limit(max_memory, old_as)
    try:
        try:
            yield
        finally:
            done.set()
    except LimitExceeded:
        raise ResourceLimitError(tripped[0] if tripped else "stopped by a limit", path=label) from None
    except MemoryError:
        limit = f" (the --max-memory limit is {_mb(max_memory)}; raise it with --max-memory)" if max_memory else ""
        raise ResourceLimitError(f"ran out of memory{limit}", path=label) from None
    finally:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, old_as)
        if watchdog is not None:
            watchdog.join()
        if previous is not None:
            signal.signal(signal.SIGUSR1, previous)
