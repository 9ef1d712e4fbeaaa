"""Command line: check the data, or build the pages without MkDocs.

    python -m partnership check [--data partnership_data] [--today 2011-06-16]
    python -m partnership build --out DIR [--site-url URL] [--data ...] [--today ...]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from .build import build_site, build_today
from .problems import DataError

DEFAULT_URL = "https://www.example.gov.uk/partnership/"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m partnership",
                                     description="Check or build a partnership site from its data folder.")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (("check", "check every data file and report every problem; writes nothing"),
                       ("build", "write the generated pages and feeds as files, without MkDocs")):
        cmd = sub.add_parser(name, help=text, description=text)
        cmd.add_argument("--data", default="partnership_data", help="the data folder (default: partnership_data)")
        cmd.add_argument("--today", help="build as if today were this date (YYYY-MM-DD)")
        cmd.add_argument("--site-url", default=DEFAULT_URL, help="the address the site is published at")
        if name == "build":
            cmd.add_argument("--out", required=True, help="folder to write into (replaced as a whole)")
    args = parser.parse_args(argv)

    try:
        result = build_site(Path(args.data), args.site_url, build_today(args.today))
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(f"Warning: {warning}", file=sys.stderr)
    if args.command == "check":
        print(f"The data is fine: {len(result.site.news)} news items, {len(result.site.events)} events, "
              f"{len(result.files)} files would be made.")
        return 0
    write_tree(result.files, Path(args.out))
    print(f"Wrote {len(result.files)} files to {args.out}")
    return 0


def write_tree(files, out: Path) -> None:
    """Write into a fresh folder beside the target, then swap it in whole."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        for f in files:
            target = staging / f.path
            target.parent.mkdir(parents=True, exist_ok=True)
            if f.copy_from is not None:
                shutil.copyfile(f.copy_from, target)
            elif isinstance(f.content, bytes):
                target.write_bytes(f.content)
            else:
                target.write_text(f.content, encoding="utf-8", newline="\n")
        old = None
        if out.exists():
            old = out.with_name(f".{out.name}-old")
            shutil.rmtree(old, ignore_errors=True)
            out.rename(old)
        staging.rename(out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


if __name__ == "__main__":
    sys.exit(main())
