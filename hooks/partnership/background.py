"""Work done in a second process, on the machine's other core, while this one goes on.

A build through MkDocs spends most of its time rendering pages on one core. The feeds and
calendars need only the data, which is already loaded, so a forked copy of the process
can write them meanwhile. Forking copies what is loaded without reading anything again.
Where forking is not safe (not Linux, or other threads running, as under `mkdocs serve`)
the work is done in this process when its result is asked for, with the same result.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
import traceback
from typing import Callable, Generic, TypeVar

T = TypeVar("T")


class Apart(Generic[T]):
    """The result of work(), computed in a forked process if that is safe here."""

    def __init__(self, work: Callable[[], T], *, fork: bool = True):
        self._work = work
        self._pid = 0
        self._pipe = None
        self._done: tuple[T] | None = None
        if fork and sys.platform == "linux" and threading.active_count() == 1:
            self._start()

    @property
    def forked(self) -> bool:
        return self._pid != 0

    def _start(self) -> None:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the copy: do the work, hand back the result, and leave at once
            os.close(read)
            try:
                try:
                    answer = ("ok", self._work())
                except BaseException:
                    answer = ("failed", traceback.format_exc())
                with os.fdopen(write, "wb") as out:
                    pickle.dump(answer, out, protocol=pickle.HIGHEST_PROTOCOL)
            finally:
                # No clean-up of the parent's objects, buffers or exit handlers in the copy.
                os._exit(0)
        os.close(write)
        self._pid, self._pipe = pid, os.fdopen(read, "rb")

    def result(self) -> T:
        if self._done is None:
            self._done = (self._take() if self.forked else self._work(),)
        return self._done[0]

    def _take(self) -> T:
        try:
            data = self._pipe.read()
        finally:
            self._reap()
        kind, value = pickle.loads(data) if data else ("failed", "it stopped without a result")
        if kind != "ok":
            raise RuntimeError(f"The work done in a second process failed:\n{value}")
        return value

    def abandon(self) -> None:
        """The build stopped: the result is not wanted."""
        if self.forked:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except OSError:
                pass
            self._reap()

    def _reap(self) -> None:
        self._pipe.close()
        try:
            os.waitpid(self._pid, 0)
        except ChildProcessError:
            pass
        self._pid = 0
