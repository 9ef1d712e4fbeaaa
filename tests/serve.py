"""Serve a built site on loopback as a council's web server would: under its sub-path, gzipped.

Bound to 127.0.0.1 on a free port; stopped by the test fixture that starts it.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import sys
import threading
import urllib.request
from pathlib import Path

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".ics", ".atom")


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".atom": "application/atom+xml", ".ics": "text/calendar", ".xml": "application/xml",
                      ".json": "application/json", ".js": "text/javascript"}

    def log_message(self, *args):  # keep test output quiet
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix in COMPRESSIBLE and path.is_file()
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            stat = path.stat()
            body = _gzipped(path, stat.st_mtime_ns, stat.st_size)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=3600")
            self.end_headers()
            return _Bytes(body)
        return super().send_head()


@functools.lru_cache(maxsize=None)
def _gzipped(path: Path, mtime_ns: int, size: int) -> bytes:
    # Compressed once a version of a file: every browser context starts with an empty cache and
    # asks again for the same stylesheets, scripts and search index.
    return gzip.compress(path.read_bytes(), mtime=0)


class _Bytes:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser that moves on to the next page drops the requests still loading: not a
        # fault of the site, so no traceback in the test output.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(root: Path):
    """Serve `root` (which holds the site's sub-path folder) and yield the base URL."""
    handler = functools.partial(_Handler, directory=str(root))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def get_text(url: str) -> str:
    """A page's text, or "" while the server is not answering yet."""
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode()
    except OSError:
        return ""
