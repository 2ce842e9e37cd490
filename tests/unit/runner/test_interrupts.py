"""Ctrl-C and SIGTERM raise in the main thread, but a signal that lands inside an import is sent again later."""

from __future__ import annotations

import signal
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from claimtrail.runner import interrupts
from claimtrail.runner.interrupts import Terminated, in_import, interrupts_outside_imports


def _frame_inside_an_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> types.FrameType:
    (tmp_path / "ct_probe_module.py").write_text("import sys\nFRAME = sys._getframe()\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop("ct_probe_module", None)
    import ct_probe_module  # type: ignore[import-not-found]

    frame: types.FrameType = ct_probe_module.FRAME
    return frame


def test_a_frame_inside_an_import_is_recognised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert in_import(_frame_inside_an_import(tmp_path, monkeypatch))
    assert not in_import(sys._getframe())
    assert not in_import(None)


@pytest.mark.parametrize(("signum", "raised"), [(signal.SIGINT, KeyboardInterrupt), (signal.SIGTERM, Terminated)])
def test_outside_an_import_the_signal_raises_at_once(signum: int, raised: type[BaseException]) -> None:
    with pytest.raises(raised):
        interrupts._on_signal(signum, sys._getframe())


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_inside_an_import_the_signal_is_sent_again_later(
    signum: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scheduled: list[tuple[float, Any, tuple[Any, ...]]] = []

    class FakeTimer:
        daemon = False

        def __init__(self, seconds: float, fn: Any, args: tuple[Any, ...]) -> None:
            scheduled.append((seconds, fn, args))

        def start(self) -> None:
            pass

    frame = _frame_inside_an_import(tmp_path, monkeypatch)
    monkeypatch.setattr(interrupts.threading, "Timer", FakeTimer)
    interrupts._on_signal(signum, frame)  # no exception inside the import machinery
    assert len(scheduled) == 1
    seconds, fn, args = scheduled[0]
    assert seconds > 0 and fn is interrupts.os.kill and args[1] == signum


def test_the_handlers_are_restored_and_an_ignored_sigint_stays_ignored() -> None:
    before_int, before_term = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    with interrupts_outside_imports():
        assert signal.getsignal(signal.SIGTERM) is interrupts._on_signal
        assert signal.getsignal(signal.SIGINT) is interrupts._on_signal
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == (before_int, before_term)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with interrupts_outside_imports():
            assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, before_int)
