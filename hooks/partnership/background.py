"""Work done in a second process, on the machine's other core, while this one goes on.

A build through MkDocs spends most of its time turning pages into HTML on one core.
Loading and checking the data, and writing the pages' Markdown, the feeds and the
calendars, need nothing from MkDocs, so a forked copy of the process can do them
meanwhile and hand each file over as soon as it is made. Forking copies what is loaded
without reading anything again. Where forking is not safe (not Linux, or other threads
running, as under `mkdocs serve`) the same work is done in this process as each file is
asked for.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import tempfile
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
        # The copy writes each item to a file, which never fills up, so the copy never waits
        # for this process; a pipe carries a byte for each item written, so this process can
        # wait for the next one. Reading here happens only when an item is asked for: no
        # second thread competes with MkDocs for the interpreter while it renders pages.
        fd, path = tempfile.mkstemp(prefix="partnership-build-")
        try:
            self._file = open(path, "rb")  # this process's own reading position
        finally:
            os.unlink(path)  # gone from the folder at once: nothing is left behind, however it ends
        self._notices, notify = os.pipe()
        self._ready = 0
        pid = os.fork()
        if pid == 0:  # the copy: do the work, hand over each item, and leave at once
            try:
                self._file.close()
                os.close(self._notices)
                with os.fdopen(fd, "wb") as out:
                    def send(kind: str, value: object) -> None:
                        pickle.dump((kind, value), out, protocol=pickle.HIGHEST_PROTOCOL)
                        out.flush()
                        os.write(notify, b".")
                    try:
                        for item in work():
                            send("item", item)
                        send("end", None)
                    except BaseException:
                        send("failed", traceback.format_exc())
            finally:
                # No clean-up of the parent's objects, buffers or exit handlers in the copy.
                os._exit(0)
        os.close(fd)
        os.close(notify)
        self._pid = pid
        return self._receive()

    def _next_message(self) -> tuple[str, object]:
        if not self._ready:
            self._ready = len(os.read(self._notices, 65536))  # waits for the copy
            if not self._ready:  # the pipe closed with nothing more said
                return "failed", "it stopped before it had finished"
        self._ready -= 1
        return pickle.load(self._file)

    def _receive(self) -> Iterator[T]:
        while True:
            kind, value = self._next_message()
            if kind == "item":
                yield value
                continue
            self._close()
            if kind == "end":
                return
            raise RuntimeError(f"The work done in a second process failed:\n{value}")

    def _close(self) -> None:
        """Let the copy go: wait for it to end, and close what it shared."""
        if self._pid:
            try:
                os.waitpid(self._pid, 0)
            except ChildProcessError:
                pass
            self._pid = 0
            self._file.close()
            os.close(self._notices)

    def abandon(self) -> None:
        """The build stopped: the rest is not wanted."""
        if self.forked:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except OSError:
                pass
            self._close()
