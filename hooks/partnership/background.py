"""Work done in a second process, on the machine's other core, while this one goes on.

A build through MkDocs spends most of its time turning pages into HTML on one core. Once
the data has loaded and passed its checks, writing the pages' Markdown, the feeds and
the calendars needs nothing else, so a forked copy of the process can do it meanwhile
and hand each file over as soon as it is made. Forking copies what is loaded without
reading anything again. Where forking is not safe (not Linux, or other threads running,
as under `mkdocs serve`) the same work is done in this process as each file is asked for.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
import traceback
from typing import Callable, Generic, Iterable, Iterator, TypeVar

T = TypeVar("T")


class Apart(Generic[T]):
    """The items work() yields, in order, made in a forked process if that is safe here."""

    def __init__(self, work: Callable[[], Iterable[T]], *, fork: bool = True):
        self._pid = 0
        self._pipe = None
        if fork and sys.platform == "linux" and threading.active_count() == 1:
            self._items: Iterator[T] = self._start(work)
        else:
            self._items = iter(work())  # a generator: nothing runs until asked

    @property
    def forked(self) -> bool:
        return self._pid != 0

    def __iter__(self) -> Iterator[T]:
        return self._items

    def __next__(self) -> T:
        return next(self._items)

    def _start(self, work: Callable[[], Iterable[T]]) -> Iterator[T]:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the copy: do the work, hand over each item, and leave at once
            os.close(read)
            try:
                with os.fdopen(write, "wb") as out:
                    try:
                        for item in work():
                            pickle.dump(("item", item), out, protocol=pickle.HIGHEST_PROTOCOL)
                            out.flush()
                        answer = ("end", None)
                    except BaseException:
                        answer = ("failed", traceback.format_exc())
                    pickle.dump(answer, out)
            finally:
                # No clean-up of the parent's objects, buffers or exit handlers in the copy.
                os._exit(0)
        os.close(write)
        self._pid, self._pipe = pid, os.fdopen(read, "rb")
        return self._receive()

    def _receive(self) -> Iterator[T]:
        try:
            while True:
                try:
                    kind, value = pickle.load(self._pipe)
                except EOFError:
                    kind, value = "failed", "it stopped before it had finished"
                if kind == "end":
                    return
                if kind != "item":
                    raise RuntimeError(f"The work done in a second process failed:\n{value}")
                yield value
        finally:
            self._reap()

    def abandon(self) -> None:
        """The build stopped: the rest is not wanted."""
        if self.forked:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except OSError:
                pass
            self._reap()

    def _reap(self) -> None:
        if not self._pid:
            return
        self._pipe.close()
        try:
            os.waitpid(self._pid, 0)
        except ChildProcessError:
            pass
        self._pid = 0
