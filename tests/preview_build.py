"""Builds the site as `mkdocs serve` does, in this process, for tests/test_preview.py.

    python tests/preview_build.py DATA SITE_DIR [--dirty]
    python tests/preview_build.py DATA --fresh

Builds once and prints "built". With --dirty (the preview's partial builds) it then
reads lines from standard input: "build" builds again and prints "built"; end of input
stops. Output goes to SITE_DIR, which is never emptied between builds, as under serve.

With --fresh it builds nothing itself: each line "build SITE_DIR" read is a full build of
DATA into SITE_DIR in a child forked for it, and prints "built". This process only reads
the configuration (which imports the theme, the plugins and the hook's modules) and never
builds, so each child starts as a new process would, without doing the imports again.
"""

from __future__ import annotations

import os
import sys
import traceback

from mkdocs.commands.build import build
from mkdocs.config import load_config

SERVE_URL = "http://127.0.0.1:8000/partnership/"


CONFIG = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "mkdocs.yml")


def builds(site_dir: str, dirty: bool) -> None:
    started = False
    while True:
        config = load_config(CONFIG, site_dir=site_dir)
        config.site_url = SERVE_URL
        if not started:
            config.plugins.on_startup(command="serve", dirty=dirty)
            started = True
        build(config, serve_url=SERVE_URL, dirty=dirty)
        print("built", flush=True)
        if not dirty or sys.stdin.readline().strip() != "build":
            return


def main() -> None:
    os.environ["PARTNERSHIP_DATA"] = sys.argv[1]
    if sys.argv[2] != "--fresh":
        builds(sys.argv[2], "--dirty" in sys.argv)
        return
    load_config(CONFIG)  # imports the theme, the plugins and the hook's modules; builds nothing
    for line in sys.stdin:
        site_dir = line.removeprefix("build ").strip()
        child = os.fork()
        if child == 0:
            code = 1
            try:
                builds(site_dir, dirty=False)
                code = 0
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(child, 0)
        if status != 0:
            sys.exit(f"the full build into {site_dir} failed")


if __name__ == "__main__":
    main()
