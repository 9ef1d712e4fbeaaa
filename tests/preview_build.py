"""Builds the site as `mkdocs serve` does, in this process, for tests/test_preview.py.

    python tests/preview_build.py DATA SITE_DIR [--dirty]

Builds once and prints "built". With --dirty (the preview's partial builds) it then
reads lines from standard input: "build" builds again and prints "built"; end of input
stops. Output goes to SITE_DIR, which is never emptied between builds, as under serve.
"""

from __future__ import annotations

import os
import sys

from mkdocs.commands.build import build
from mkdocs.config import load_config

SERVE_URL = "http://127.0.0.1:8000/partnership/"


def main() -> None:
    data, site_dir, dirty = sys.argv[1], sys.argv[2], "--dirty" in sys.argv
    os.environ["PARTNERSHIP_DATA"] = data
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    started = False
    while True:
        config = load_config(os.path.join(root, "mkdocs.yml"), site_dir=site_dir)
        config.site_url = SERVE_URL
        if not started:
            config.plugins.on_startup(command="serve", dirty=dirty)
            started = True
        build(config, serve_url=SERVE_URL, dirty=dirty)
        print("built", flush=True)
        if not dirty or sys.stdin.readline().strip() != "build":
            return


if __name__ == "__main__":
    main()
