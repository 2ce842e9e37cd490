"""Ctrl-C (SIGINT) and SIGTERM end a command by an exception in the main thread, but never inside an import.

A KeyboardInterrupt raised while the main thread waits for a module's import lock (a worker thread importing
the same module) can leave that lock never released in CPython: the worker then waits for it forever, and the
main thread for the worker, so an interrupted build hung instead of cleaning up.  A signal that arrives inside
the import machinery is therefore sent again a moment later, when the import is done.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

RETRY_SECONDS = 0.05


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so that cleanup runs as for Ctrl-C (SIGINT)."""


def in_import(frame: FrameType | None) -> bool:
    """Whether the interrupted code is inside Python's import machinery (importlib's frozen bootstrap)."""
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            return True
        frame = frame.f_back
    return False


def _again_later(signum: int) -> None:
    timer = threading.Timer(RETRY_SECONDS, os.kill, (os.getpid(), signum))
    timer.daemon = True
    timer.start()


def _on_signal(signum: int, frame: FrameType | None) -> None:
    if in_import(frame):
        _again_later(signum)
        return
    if signum == signal.SIGTERM:
        raise Terminated()
    raise KeyboardInterrupt


@contextmanager
def interrupts_outside_imports() -> Iterator[None]:
    """SIGINT and SIGTERM raise KeyboardInterrupt and Terminated, outside imports, while the block runs.

    Only in the main thread (signals are delivered there); a SIGINT the process was started ignoring (a
    background job) stays ignored.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    wanted = [signal.SIGTERM]
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        wanted.append(signal.SIGINT)
    previous = {s: signal.signal(s, _on_signal) for s in wanted}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
