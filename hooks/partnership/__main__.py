"""Command line: check the data, or build the pages without MkDocs.

    python -m partnership check [--data partnership_data] [--today 2011-06-16] [--format github|gitlab]
    python -m partnership build --out DIR [--site-url URL] [--data ...] [--today ...] [--templates DIR]
    python -m partnership publish --out site [--today ...]

`publish` runs the real MkDocs build (as a separate process, so this package still never
imports MkDocs) into a fresh folder, and only then swaps it in for the live one.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .outputs import build_today
from .problems import DataError

DEFAULT_URL = "https://www.example.gov.uk/partnership/"
DEFAULT_TEMPLATES = "overrides/partnership"  # a council's own copies of page templates


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m partnership",
                                     description="Check or build a partnership site from its data folder.")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (("check", "check every data file and report every problem; writes nothing"),
                       ("build", "write the generated pages and feeds as files, without MkDocs"),
                       ("publish", "build the whole site with MkDocs and replace --out only if it succeeds")):
        cmd = sub.add_parser(name, help=text, description=text)
        cmd.add_argument("--data", default="partnership_data", help="the data folder (default: partnership_data)")
        cmd.add_argument("--today", help="build as if today were this date (YYYY-MM-DD)")
        cmd.add_argument("--site-url", default=DEFAULT_URL, help="the address the site is published at")
        if name in ("build", "publish"):
            cmd.add_argument("--out", required=True, help="folder to write into (replaced as a whole)")
        if name == "build":
            cmd.add_argument("--templates", default=DEFAULT_TEMPLATES,
                             help="a folder of page templates used instead of the core's ones of the same name "
                                  f"(default: {DEFAULT_TEMPLATES}, when it exists)")
        if name == "publish":
            cmd.add_argument("--config", default="mkdocs.yml", help="the MkDocs settings file")
        if name == "check":
            cmd.add_argument("--format", choices=("text", "github", "gitlab"), default="text",
                             help="text for people (default); github for annotations on a pull request; "
                                  "gitlab for a merge request's Code Quality report")
            cmd.add_argument("--output", help="write the report to this file instead of printing it")
    cmd = sub.add_parser("links", help="check the links to other websites and list the broken ones")
    cmd.add_argument("--data", default="partnership_data", help="the data folder (default: partnership_data)")
    cmd.add_argument("--today", help="check as if today were this date (YYYY-MM-DD)")
    from .scaffold import words
    cmd = sub.add_parser("new", help="start a new news item, event, consultation, document, partner "
                                      "or recommendation, marked draft")
    cmd.add_argument("kind", help=", ".join(words()[:-1]) + " or " + words()[-1])
    cmd.add_argument("title", help="its title (for a recommendation: its text)")
    cmd.add_argument("--data", default="partnership_data", help="the data folder (default: partnership_data)")
    cmd.add_argument("--today", help="use this date instead of today (YYYY-MM-DD)")
    cmd.add_argument("--review", help="for a recommendation: the id of its review (default: the last one)")
    cmd = sub.add_parser("schemas", help="write the JSON Schemas that text editors use to check data files")
    cmd.add_argument("--out", default="schemas", help="folder to write into (default: schemas)")
    sub.add_parser("editor-config", help="write the browser editor's settings (editor/config.yml) from the model")
    cmd = sub.add_parser("editor-page", help="write the browser editor's page and files, to publish with the site")
    cmd.add_argument("--out", default="site/admin", help="folder to write into (default: site/admin)")
    cmd = sub.add_parser("edit", help="edit in the browser on this computer, with the site's preview beside it")
    cmd.add_argument("--port", type=int, default=8000, help="the preview's port (default: 8000)")
    args = parser.parse_args(argv)
    if args.command == "editor-config":
        from .editor_config import write_editor_config
        print(f"Wrote {write_editor_config()}")
        return 0
    if args.command == "editor-page":
        from .edit import NotInstalled, write_editor_page
        try:
            count = write_editor_page(Path(args.out))
        except NotInstalled as exc:
            print(f"Nothing was written: {exc}", file=sys.stderr)
            return 1
        print(f"Wrote the editor ({count} files) to {args.out}/")
        return 0
    if args.command == "edit":
        from .edit import edit
        return edit(args.port)
    if args.command == "schemas":
        from .schemas import json_schemas
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        for name, text in json_schemas().items():
            (out / name).write_text(text, encoding="utf-8")
        print(f"Wrote {len(json_schemas())} schemas to {out}/")
        return 0
    if args.command == "publish":
        return publish(Path(args.out), Path(args.config), Path(args.data), args.today)

    if args.command == "check" and args.format != "text":
        from .ci import check_for_ci
        return check_for_ci(Path(args.data), build_today(args.today), args.format,
                            Path(args.output) if args.output else None)
    if args.command == "check":
        return check(Path(args.data), build_today(args.today))
    if args.command == "new":
        from .scaffold import ScaffoldError, new_item
        try:
            path = new_item(args.kind, args.title, Path(args.data), build_today(args.today), args.review)
        except ScaffoldError as exc:
            print(f"Nothing was added: {exc}", file=sys.stderr)
            return 1
        from .kinds import by_new
        own_file = by_new(args.kind).folder is not None
        print(f"Started {path}" if own_file else f"Added a new {args.kind} at the end of {path}")
        print("It is marked draft: true. Fill it in, then change that to draft: false to publish it.")
        return 0
    if args.command == "links":
        return links(Path(args.data), build_today(args.today))
    templates = Path(args.templates)
    if not templates.is_dir():
        if args.templates != DEFAULT_TEMPLATES:  # the default is used only once a council makes it
            print(f"There is no folder {templates} to take page templates from.", file=sys.stderr)
            return 1
        templates = None
    # Imported here so that `check` does not pay for Markdown, nh3 and feedgen.
    from .build import build_site

    try:
        result = build_site(Path(args.data), args.site_url, build_today(args.today), templates)
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(f"Warning: {warning}", file=sys.stderr)
    write_tree(result.files, Path(args.out))
    print(f"Wrote {len(result.files)} files to {args.out}")
    return 0


def _load_or_report(data: Path, today):
    """The checked data, or None after listing every problem in it."""
    from .load import load_site

    try:
        return load_site(data, today)
    except DataError as exc:
        print(exc.report(checking=True), file=sys.stderr)
        return None


def check(data: Path, today) -> int:
    """Validate only: every rule the build applies to the data, without rendering anything."""
    from .derive import overdue_commitments
    from .pictures import LIMIT_BYTES, pictures, size_warnings

    site = _load_or_report(data, today)
    if site is None:
        return 1
    for warning in [*site.warnings, *overdue_commitments(site)]:
        print(f"Warning: {warning}", file=sys.stderr)
    if any(info.size > LIMIT_BYTES for info in site.images.values()):  # copies take time: made only for a warning
        for warning in size_warnings(site, data, pictures(site, data)):
            print(f"Warning: {warning}", file=sys.stderr)
    news, events = len(site.news), len(site.events)
    print(f"The data is fine: {news} news item{'' if news == 1 else 's'} and {events} "
          f"event{'' if events == 1 else 's'} are published "
          f"as of {site.today.isoformat()}.")
    return 0


def links(data: Path, today) -> int:
    """Report broken outside links; always exits 0 once the data loads (it is a report)."""
    from .links import check_links

    site = _load_or_report(data, today)
    if site is None:
        return 1
    print("Checking links to other websites...", flush=True)
    results = check_links(site)
    broken = [r for r in results if r.problem]
    for r in broken:
        print(f"Broken: {r.url}\n    in {r.where}: {r.problem}")
    print(f"{len(results)} links to other websites checked, {len(broken)} broken.")
    return 0


def publish(out: Path, config: Path, data: Path, today: str | None) -> int:
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = _staging_folder(out)
    env = dict(os.environ, PARTNERSHIP_DATA=str(data.resolve()))
    env.setdefault("NO_MKDOCS_2_WARNING", "1")  # the engine's end-of-life banner means nothing to editors
    if today:
        env["PARTNERSHIP_TODAY"] = today
    print(f"Building the site into a new folder; {out.name}/ is replaced only if the build succeeds.")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
                          "--site-dir", str(staging)], env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace")
    said = _engine_said(run.stdout, run.returncode == 0)
    if said:
        print(said, file=sys.stderr if run.returncode else sys.stdout)
    if run.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"{out.name}/ is unchanged." if "Nothing was published" in said else
              f"Nothing was published: {out.name}/ is unchanged.", file=sys.stderr)
        return 1
    _swap_in(staging, out)
    print(f"Published to {out}")
    return 0


# MkDocs's own words, which say nothing an editor can act on (the staging folder it
# empties is not the live one).
_ENGINE_NOISE = ("Cleaning site directory", "Aborted with a BuildError!")
_LOG_LEVEL = re.compile(r"^(INFO|WARNING|ERROR|DEBUG)\s+-\s+")


def _engine_said(output: str, succeeded: bool) -> str:
    """What MkDocs printed, for an editor: without its progress lines when the build failed
    (only what went wrong), and never the lines that read as if the live site had changed."""
    kept = []
    for line in output.splitlines():
        level = _LOG_LEVEL.match(line)
        if any(noise in line for noise in _ENGINE_NOISE) or (
                not succeeded and level and level.group(1) in ("INFO", "DEBUG")):
            continue
        kept.append(line if succeeded or not level else line[level.end():])
    return "\n".join(kept).strip("\n")


def _staging_folder(out: Path) -> Path:
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the web server must be able to read it
    return staging


def _swap_in(staging: Path, out: Path) -> None:
    """Replace out with staging using renames, so readers never see a half-written folder."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}-old")
        shutil.rmtree(old, ignore_errors=True)
        out.rename(old)
    staging.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_tree(files, out: Path) -> None:
    """Write into a fresh folder beside the target, then swap it in whole."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = _staging_folder(out)
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
        _swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


if __name__ == "__main__":
    sys.exit(main())
