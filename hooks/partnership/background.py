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
import queue
import signal
import sys
import threading
import traceback
from typing import Callable, Generic, Iterable, Iterator, TypeVar

T = TypeVar("T")


class Apart(Generic[T]):
    """The items work() yields, in order, made in a forked process if that is safe here."""

    def __init__(self, work: Callable[[], Iterable[T]]):
        self._pid = 0
        if sys.platform == "linux" and threading.active_count() == 1:
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
        self._pid = pid
        # A thread takes each item as soon as it is made, so the copy never waits for this
        # process to ask (a pipe holds only 64 KiB), and finishes as early as it can.
        self._inbox: queue.SimpleQueue = queue.SimpleQueue()
        self._reader = threading.Thread(target=self._read_all, args=(os.fdopen(read, "rb"),), daemon=True)
        self._reader.start()
        return self._receive()

    def _read_all(self, pipe) -> None:
        with pipe:
            while True:
                try:
                    kind, value = pickle.load(pipe)
                except (EOFError, OSError, pickle.UnpicklingError):
                    kind, value = "failed", "it stopped before it had finished"
                if kind != "item":
                    break
                self._inbox.put((kind, value))
        try:
            os.waitpid(self._pid, 0)
        except ChildProcessError:
            pass
        self._pid = 0
        self._inbox.put((kind, value))  # last, so whoever sees the end finds the copy gone

    def _receive(self) -> Iterator[T]:
        while True:
            kind, value = self._inbox.get()
            if kind == "end":
                return
            if kind != "item":
                raise RuntimeError(f"The work done in a second process failed:\n{value}")
            yield value

    def abandon(self) -> None:
        """The build stopped: the rest is not wanted."""
        if self.forked:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except OSError:
                pass
            self._reader.join()
