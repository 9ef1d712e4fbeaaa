"""`python -m partnership edit`: the browser editor and the site's preview, on this computer only.

Starts three things, all on 127.0.0.1 so nothing is reachable from the network:

    the preview      mkdocs serve --dirty --livereload   (the site, rebuilt on every save)
    decap-server     the editor's local mode: reads and writes the files in this folder
    the editor page  Decap CMS, served from editor/node_modules (nothing from other websites)

Prints the one address to open, and stops all of them on Ctrl+C.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
EDITOR = ROOT / "editor"
BUNDLE = EDITOR / "node_modules" / "decap-cms" / "dist"
SERVER = EDITOR / "node_modules" / "decap-server" / "dist" / "index.js"
HOST = "127.0.0.1"
PAGE = """<!doctype html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>Edit the partnership's website</title>
</head>
<body>
  <script src="decap-cms.js"></script>
  <script src="rules.js"></script>
  <script src="save-checks.js"></script>
</body>
</html>
"""
# Only this computer: the editor's own files, its local mode and the pictures it shows.
POLICY = ("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' blob: data: {backend}; "
          "frame-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'")


class NotInstalled(Exception):
    pass


@dataclass
class Addresses:
    editor: str
    preview: str
    backend: str


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def local_config(config: Path, preview: str, backend: str) -> bytes:
    """editor/config.yml, pointed at this computer's preview and local mode."""
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["local_backend"] = {"url": f"{backend}/api/v1"}
    # "View site" in the editor's header, and each item's "View preview", open the preview.
    settings["site_url"] = settings["display_url"] = preview
    return yaml.safe_dump(settings, sort_keys=False, allow_unicode=True).encode("utf-8")


def rules_js() -> bytes:
    """The content model's "needed together" fields, for editor/save-checks.js."""
    from .editor_config import required_together

    rules = json.dumps(required_together(), ensure_ascii=False, sort_keys=True)
    return f"window.PARTNERSHIP_REQUIRED_TOGETHER = {rules};\n".encode("utf-8")


def write_editor_page(out: Path) -> int:
    """The editor as files for the published site (for example site/admin/): the page, its
    settings and checks, and Decap's own script with the parts it loads later. Returns how
    many files were written."""
    if not (BUNDLE / "decap-cms.js").is_file():
        raise NotInstalled("the editor is not installed: run `npm ci --prefix editor` first")
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.html").write_text(PAGE, encoding="utf-8")
    (out / "rules.js").write_bytes(rules_js())
    shutil.copyfile(EDITOR / "save-checks.js", out / "save-checks.js")
    shutil.copyfile(EDITOR / "config.yml", out / "config.yml")
    # decap-cms.js loads its other parts, named like 103.decap-cms.js, from beside itself.
    parts = sorted(BUNDLE.glob("*decap-cms.js"))
    for part in parts:
        shutil.copyfile(part, out / part.name)
    return 4 + len(parts)


def _handler(config: Path, preview: str, backend: str):
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):  # the preview's log is the one that matters
            pass

        def do_GET(self):
            name = self.path.split("?", 1)[0].lstrip("/")
            if name in ("", "index.html"):
                self._send(PAGE.encode("utf-8"), "text/html; charset=utf-8")
            elif name == "rules.js":
                self._send(rules_js(), "text/javascript; charset=utf-8")
            elif name == "save-checks.js":
                self._send((EDITOR / name).read_bytes(), "text/javascript; charset=utf-8")
            elif name == "config.yml":
                self._send(local_config(config, preview, backend), "text/yaml; charset=utf-8")
            elif "/" not in name and name.endswith((".js", ".css")) and (BUNDLE / name).is_file():
                kind = "text/javascript" if name.endswith(".js") else "text/css"
                self._send((BUNDLE / name).read_bytes(), f"{kind}; charset=utf-8")
            else:
                self.send_error(404)

        def _send(self, body: bytes, kind: str):
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Security-Policy", POLICY.format(backend=backend))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return Handler


def _wait(url: str, seconds: float, process: subprocess.Popen, what: str) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if process.poll() is not None:
            raise RuntimeError(f"{what} stopped while starting (exit code {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers, which is all that is asked here
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{what} did not start within {seconds:.0f} seconds")


def _heed_ctrl_c() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)  # MkDocs and Node both stop cleanly on Ctrl+C
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


@contextlib.contextmanager
def running(port: int = 8000, editor_port: int = 8080, backend_port: int = 8081,
            content: Path = ROOT, data: Path | None = None, log: Path | None = None,
            today: str | None = None):
    """The preview, the local mode and the editor page, stopped again on leaving.

    content is the folder the editor saves into (it holds partnership_data/); tests use a copy.
    """
    node = shutil.which("node")
    if node is None or not SERVER.is_file() or not (BUNDLE / "decap-cms.js").is_file():
        raise NotInstalled("the editor is not installed: run `make edit`, which installs it "
                           "(it needs Node.js and npm)")
    data = data or content / "partnership_data"
    preview = f"http://{HOST}:{port}/partnership/"
    backend = f"http://{HOST}:{backend_port}"
    out = log.open("w") if log else None
    env = dict(os.environ, PARTNERSHIP_DATA=str(data), NO_MKDOCS_2_WARNING="1")
    if today:
        env["PARTNERSHIP_TODAY"] = today
    started: list[subprocess.Popen] = []
    page = None
    try:
        # Each in its own process group, so Ctrl+C here reaches them once, from _stop; and with
        # Ctrl+C heeded, which a program started in the background inherits as ignored.
        started.append(subprocess.Popen(
            [node, str(SERVER)], cwd=content, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            preexec_fn=_heed_ctrl_c,
            env=dict(env, PORT=str(backend_port), BIND_HOST=HOST, MODE="fs", GIT_REPO_DIRECTORY=str(content),
                     LOG_LEVEL="warn")))
        started.append(subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--livereload", "-a", f"{HOST}:{port}"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            preexec_fn=_heed_ctrl_c))
        page = http.server.ThreadingHTTPServer(
            (HOST, editor_port), _handler(EDITOR / "config.yml", preview, backend))
        threading.Thread(target=page.serve_forever, daemon=True).start()
        _wait(f"{backend}/api/v1", 30, started[0], "The editor's local mode")
        _wait(preview, 180, started[1], "The preview")
        yield Addresses(f"http://{HOST}:{editor_port}/", preview, backend)
    finally:
        if page is not None:
            page.shutdown()
            page.server_close()
        for process in reversed(started):
            _stop(process)
        if out:
            out.close()


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def edit(port: int = 8000) -> int:
    # Ctrl+C, and a polite stop from elsewhere, both end in the clean-up below, even where
    # this was started in the background (which ignores Ctrl+C unless asked).
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    print("Starting the preview and the editor; the first build takes a little while...", flush=True)
    try:
        with running(port) as where:
            print(f"\nOpen {where.editor} in your browser to edit the site.")
            print(f"(The site's preview is at {where.preview}; saving in the editor updates it.)")
            print("Press Ctrl+C here to stop.", flush=True)
            while True:
                time.sleep(3600)
    except NotInstalled as exc:
        print(f"Could not start: {exc}", file=sys.stderr)
        return 1
    except RuntimeError as exc:
        print(f"Could not start: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopped the editor and the preview.")
    return 0
