"""Benchmark: what the generator costs, measured as paired runs on one machine.

    .venv/bin/python bench/benchmark.py [--sizes 100 1000 3000] [--rounds 5] [--parts ...]

Each comparison runs its two commands alternately (A B A B ...), so both see the same
machine state, and reports the median of each, their ratio (and, pair by pair, the median
and range of the ratios; and the ratio of the median CPU times, the work each does, which
waiting for a core on a busy machine does not swell), and the peak memory of each
process. Compared:

- check: `python -m partnership check` on the example alone and with N generated news
  items added (the robust-input target: under 1 s at 3000 items);
- core: `python -m partnership build` (the generator without MkDocs) on the example alone
  and with N items, and the cost of one item, (B - A) / N;
- build: `mkdocs build` through the hook, against the floor: the very same pages written
  beforehand by `python -m partnership build` and built by MkDocs + Material with no
  hook, so the difference is exactly what the hook costs; once with each build going
  into a new folder (as `make site` does), once into the folder the last build left;
- blog: the floor against the same site with the news items as posts of Material's blog
  plugin with mkdocs-rss-plugin, the alternative sites use today (needs
  `pip install -r bench/requirements.txt`; skipped with a note otherwise);
- feeds: rendering the RSS feeds in-process for N items;
- preview: `mkdocs serve` on 127.0.0.1 with N items; one item's YAML is saved five times
  and each time the wait from the save until the server says "Reloading browsers" and
  serves the changed page is measured (median), next to a full `mkdocs build`.
- work (only when asked for: `--parts work`; needs Debian's valgrind): the floor and the
  hook's build, each run once under Valgrind's cachegrind, which counts the instructions
  each carries out and simulates the processor's caches. Those counts do not change with
  the load on the machine, unlike times, so they show a difference of a few per cent that
  paired timings on a shared machine cannot; slow (tens of times the build's own time),
  so the two run at once.
- lighthouse (only when asked for: `--parts lighthouse`; needs qa/, which `make test`
  installs): Lighthouse's mobile performance score on the three pages the tests check, each
  measured --rounds times (median and range, against the target of 95). The score is worked
  out from timings and drops when the machine is busy, so it is measured here and is no gate
  in the tests, which check only what timings cannot change (page weight, requests, the
  other three scores).

Results are printed as a Markdown table; paste them into docs when they change.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-23"
KEPT = ROOT / ".cache" / "kept"
PY = sys.executable


def generate(data: Path, n: int) -> None:
    """Add n news items shaped like real ones (a few paragraphs, some for the magazine), to a
    live site: the example describes one day in 2011 (as_of), which would hold them back."""
    facts = data / "partnership.yml"
    facts.write_text(re.sub(r"(?m)^as_of:.*$", "", facts.read_text(encoding="utf-8")), encoding="utf-8")
    themes = [p["id"] for p in yaml.safe_load((data / "strategy.yml").read_text())["priorities"]]
    start = dt.date(2012, 1, 1)
    for i in range(n):
        day = start + dt.timedelta(days=i % 5000)
        body = "\n\n".join(
            f"Paragraph {k} of generated item {i}. The partnership met partners, residents and "
            f"councillors to talk about the borough's priorities & what comes next." for k in range(4))
        item = {"title": f"Generated item {i}: partners' update", "date": day.isoformat(),
                "summary": f"A generated summary for item {i}.", "body": body,
                "themes": [themes[i % len(themes)]], "magazine": i % 3 == 0}
        (data / "news" / f"{day.isoformat()}-generated-{i}.yml").write_text(
            yaml.safe_dump(item, sort_keys=False), encoding="utf-8")


# Each measured command is started by a small process of its own, which times it and reads
# its peak memory: Linux counts, in a process's peak, the size of the process it was
# started from, so commands started by the benchmark itself (which has loaded the data
# to write the floor's pages) would all show at least the benchmark's own size.
_LAUNCHER = """
import os, sys, time
report = int(sys.argv[1])
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.close(report)
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
elapsed = time.perf_counter() - started
os.write(report, f"{elapsed} {usage.ru_maxrss} {usage.ru_utime + usage.ru_stime} "
               f"{os.waitstatus_to_exitcode(status)}".encode())
"""


def run(cmd: list[str], env: dict, cwd: Path, remove: tuple[Path, ...] = ()) -> tuple[float, int, float]:
    """Wall time in seconds, peak memory in MiB (the largest of the process and any process
    it waited for) and CPU time in seconds of one process with those it waited for; the
    folders or files in remove are removed first (untimed),
    so the command builds into a new folder, or without what an earlier build kept."""
    for path in remove:
        shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
    read, write = os.pipe()
    proc = subprocess.Popen([PY, "-c", _LAUNCHER, str(write), *cmd], env=env, cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, pass_fds=(write,))
    os.close(write)
    _, errors = proc.communicate()
    with os.fdopen(read) as report:
        elapsed, peak_kib, cpu, status = report.read().split()
    if int(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{errors.decode()}")
    return float(elapsed), int(peak_kib) // 1024, float(cpu)


def paired(a: list[str], b: list[str], env_a: dict, env_b: dict, rounds: int, cwd: Path = ROOT,
           new_folders: bool = False, forget_b: tuple[Path, ...] = ()):
    """With new_folders, each run builds into a new folder (the command's last argument);
    forget_b: files B's earlier runs kept, removed before each of its runs."""
    empty_a, empty_b = ((Path(a[-1]),), (Path(b[-1]), *forget_b)) if new_folders else ((), forget_b)
    times_a, times_b, mem_a, mem_b, cpu_a, cpu_b = [], [], [], [], [], []
    run(a, env_a, cwd, empty_a), run(b, env_b, cwd, empty_b)  # warm the file cache once, unmeasured
    for _ in range(rounds):
        t, mem, cpu = run(a, env_a, cwd, empty_a)
        times_a.append(t), mem_a.append(mem), cpu_a.append(cpu)
        t, mem, cpu = run(b, env_b, cwd, empty_b)
        times_b.append(t), mem_b.append(mem), cpu_b.append(cpu)
    ma, mb = statistics.median(times_a), statistics.median(times_b)
    # Each pair's own ratio too: the two runs of a pair share the machine's state, so their
    # median follows a drifting machine better, and their range shows how far it drifted.
    pairs = [tb / ta for ta, tb in zip(times_a, times_b)]
    # And the ratio of CPU time, the work each command does: on a shared machine the wall
    # time also holds the time spent waiting for a core.
    cpu = statistics.median(cpu_b) / statistics.median(cpu_a)
    ratio = f"{mb / ma:.2f} ({statistics.median(pairs):.2f}; {min(pairs):.2f} to {max(pairs):.2f}; CPU {cpu:.2f})"
    return ma, mb, ratio, max(mem_a), max(mem_b)


def floor_config(workdir: Path, data: Path) -> Path:
    """The floor: the CLI's Markdown plus docs/, built by MkDocs with no hook."""
    sys.path.insert(0, str(ROOT / "hooks"))
    from partnership.build import build_site
    from partnership.__main__ import write_tree

    result = build_site(data, "https://www.example.gov.uk/partnership/", dt.date.fromisoformat(TODAY))
    docs = workdir / "floor-docs"
    write_tree(result.files, docs)
    shutil.copytree(ROOT / "docs", docs, dirs_exist_ok=True)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    config.pop("hooks")
    config.pop("watch", None)
    config["docs_dir"] = str(docs)
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    config["site_name"] = result.theme["name"]
    config["extra"]["partnership"] = result.theme
    config["theme"]["logo"] = result.theme["logo"]
    config["theme"]["favicon"] = result.theme["logo"]
    path = workdir / "floor-mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def blog_config(workdir: Path, floor: Path, data: Path) -> Path:
    """The same site, with each news item as a blog post and the feed from mkdocs-rss-plugin."""
    config = yaml.safe_load(floor.read_text())
    docs = workdir / "blog-docs"
    shutil.copytree(config["docs_dir"], docs)
    for page in (docs / "news").glob("[0-9]*.md"):
        page.unlink()
    posts = docs / "blog" / "posts"
    posts.mkdir(parents=True)
    (docs / "blog" / "index.md").write_text("# Blog\n")
    for path in sorted((data / "news").glob("*.yml")):
        item = yaml.safe_load(path.read_text())
        if item.get("draft") or str(item["date"]) > TODAY:
            continue
        front = f"date: {str(item['date'])[:10]}\ncategories:\n  - News\n"  # unquoted: the blog wants a date
        (posts / f"{path.stem}.md").write_text(
            f"---\n{front}---\n\n# {item['title']}\n\n{item['summary']}\n\n<!-- more -->\n\n{item['body']}\n")
    config["docs_dir"] = str(docs)
    config["strict"] = False
    config["validation"] = {"links": {"not_found": "info"}, "nav": {"not_found": "info"}}
    config["nav"] = [n for n in config["nav"] if not (isinstance(n, dict) and "News" in n)] + [{"News": "blog/index.md"}]
    config["plugins"] = ["search", {"blog": {"blog_dir": "blog"}},
                         {"rss": {"match_path": "blog/posts/.*", "use_git": False,
                                  "date_from_meta": {"as_creation": "date"},
                                  "image": "https://www.example.gov.uk/partnership/assets/branding/logo.svg"}}]
    path = workdir / "blog-mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def preview_latency(data: Path, env: dict, work: Path, saves: int = 5) -> tuple[float, float]:
    """Median seconds from saving one item to the changed page being served, and a full build."""
    import socket
    import urllib.request

    work.mkdir()
    full = run([PY, "-m", "mkdocs", "build", "-q", "-d", str(work / "full")], env, ROOT)[0]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = (work / "serve.log").open("w")
    server = subprocess.Popen([PY, "-m", "mkdocs", "serve", "--dirty", "--livereload", "-a", f"127.0.0.1:{port}"],
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    item = sorted((data / "news").glob("*-generated-0.yml"))[0]
    url = f"http://127.0.0.1:{port}/partnership/news/{item.stem}/"

    def get(address: str, timeout: float = 5) -> str:
        try:
            with urllib.request.urlopen(address, timeout=timeout) as r:
                return r.read().decode()
        except OSError:
            return ""

    try:
        end = time.monotonic() + 600
        while "Generated item 0" not in (page := get(url)):
            if time.monotonic() > end:
                raise SystemExit("the preview server did not start")
            time.sleep(0.2)
        waits = []
        original = item.read_text()
        for k in range(saves):
            # As a browser does: hold the live-reload request open; when it answers, load the page.
            epoch, request = re.search(r"livereload\((\d+), (\d+)\)", page).groups()
            marker = f"Preview edit {k}"
            started = time.perf_counter()
            item.write_text(original.replace("Generated item 0:", f"{marker}:"))
            while marker not in page:
                if time.perf_counter() - started > 600:
                    raise SystemExit("the preview never showed the edit")
                epoch = get(f"http://127.0.0.1:{port}/livereload/{epoch}/{request}", timeout=120) or epoch
                page = get(url)
            waits.append(time.perf_counter() - started)
            time.sleep(1)  # an officer reads the page before saving again
        return statistics.median(waits), full
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
        log.close()


def lighthouse_performance(work: Path, env: dict, rounds: int) -> list[str]:
    """Lighthouse's performance score on the example, as a Markdown table (no rows if qa/ is missing)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from lighthouse_run import CLI, PAGES, lighthouse
    from serve import serve

    if not CLI.exists():
        print("lighthouse: skipped, run `make test` first (it installs Lighthouse into qa/)")
        return []
    site = work / "partnership"  # served under the sub-path in mkdocs.yml's site_url
    subprocess.run([PY, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
                   env=env, cwd=ROOT, check=True)
    rows = ["| Lighthouse, mobile (target 95) | performance: median (range) | largest contentful paint s | "
            "total blocking time ms |", "| --- | --- | --- | --- |"]
    with serve(work) as base:
        for name, path in PAGES.items():
            scores, lcp, tbt = [], [], []
            for _ in range(rounds):
                audits = lighthouse(f"{base}/partnership/{path}", ["performance"])
                scores.append(round(audits["categories"]["performance"]["score"] * 100))
                lcp.append(audits["audits"]["largest-contentful-paint"]["numericValue"] / 1000)
                tbt.append(audits["audits"]["total-blocking-time"]["numericValue"])
            rows.append(f"| {name} | {statistics.median(scores):.0f} ({min(scores)} to {max(scores)}) | "
                        f"{statistics.median(lcp):.2f} | {statistics.median(tbt):.0f} |")
            print(rows[-1], flush=True)
    return rows


def counted(cmd: list[str], env: dict, out: Path) -> subprocess.Popen:
    """cmd started under cachegrind, which writes its counts to out."""
    return subprocess.Popen(["valgrind", "--tool=cachegrind", "--cache-sim=yes", f"--cachegrind-out-file={out}",
                             *cmd], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def counts(proc: subprocess.Popen, out: Path) -> dict[str, int]:
    """The whole run's counts, by cachegrind's names: Ir instructions, D1mr + D1mw misses in
    the first-level data cache, DLmr + DLmw in the last level."""
    _, errors = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"failed under valgrind: {' '.join(proc.args)}\n{errors.decode()[-3000:]}")
    lines = dict(line.split(":", 1) for line in out.read_text().splitlines() if line.startswith(("events:", "summary:")))
    found = dict(zip(lines["events"].split(), map(int, lines["summary"].split())))
    return {"Ir": found["Ir"], "D1": found["D1mr"] + found["D1mw"], "LL": found["DLmr"] + found["DLmw"]}


def work_rows(floor_cmd: list[str], hook_cmd: list[str], env: dict, work: Path, n: int) -> list[str]:
    """The floor against the hook, and the hook with nothing kept, under cachegrind."""
    env = dict(env, PYTHONHASHSEED="0")  # the same order of sets and dicts of text in every run
    hook_site = Path(hook_cmd[-1])
    run(hook_cmd, env, ROOT)  # the hook's files kept for the next build, as in the build rows
    shutil.rmtree(hook_site)  # each counted build goes into a new folder
    floor, hook = counted(floor_cmd, env, work / "floor.cg"), counted(hook_cmd, env, work / "hook.cg")
    a, b = counts(floor, work / "floor.cg"), counts(hook, work / "hook.cg")
    shutil.rmtree(hook_site)
    shutil.rmtree(KEPT, ignore_errors=True)
    cold = counts(counted(hook_cmd, env, work / "cold.cg"), work / "cold.cg")
    rows = []
    for what, c in (("into a new folder", b), ("into a new folder, with nothing kept from the last build", cold)):
        rows.append(f"| build {what}: floor, no hook (A) vs through the hook (B) | {n} | {a['Ir'] / 1e9:.2f} | "
                    f"{c['Ir'] / 1e9:.2f} | {c['Ir'] / a['Ir']:.3f} | {c['D1'] / a['D1']:.3f} | {c['LL'] / a['LL']:.2f} |")
        print(rows[-1], flush=True)
    return rows


def site_size(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 3000])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--parts", nargs="+", default=["check", "core", "build", "blog", "feeds", "preview"],
                        choices=["check", "core", "build", "blog", "feeds", "preview", "work", "lighthouse"])
    args = parser.parse_args()

    base_env = dict(os.environ, PARTNERSHIP_TODAY=TODAY, NO_MKDOCS_2_WARNING="1")
    # As `make` does before every build (pip has compiled MkDocs's and the theme's code).
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "hooks")], check=True)
    print(f"Python {platform.python_version()}, mkdocs {version('mkdocs')}, "
          f"mkdocs-material {version('mkdocs-material')}, feedgen {version('feedgen')}, "
          f"PyYAML {version('pyyaml')} (libyaml: {yaml.__with_libyaml__}), {os.cpu_count()} cores; "
          f"{args.rounds} paired rounds, medians.\n")
    work_table = ["| what | N | A: instructions (billions) | B: instructions (billions) | B/A | "
                  "data-cache misses B/A: first level | last level |", "| --- | --- | --- | --- | --- | --- | --- |"]
    rows = ["| what | N | A: median s | B: median s | B/A (pair by pair: median; range; CPU time B/A) | peak MiB A / B | site MiB |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        try:
            import material.plugins.blog  # noqa: F401
            import mkdocs_rss_plugin  # noqa: F401
        except ImportError:
            if "blog" in args.parts:
                print("blog: skipped, run `pip install -r bench/requirements.txt` first")
                args.parts.remove("blog")
        if "work" in args.parts and shutil.which("valgrind") is None:
            print("work: skipped, install valgrind first (apt-get install valgrind)")
            args.parts.remove("work")
        for n in args.sizes if {"check", "core", "build", "blog", "work"} & set(args.parts) else []:
            data = tmp / f"data-{n}"
            shutil.copytree(ROOT / "partnership_data", data)
            generate(data, n)
            env_n = dict(base_env, PARTNERSHIP_DATA=str(data))

            check_base = [PY, "-m", "partnership", "check", "--data", str(ROOT / "partnership_data")]
            check_n = [PY, "-m", "partnership", "check", "--data", str(data)]
            if "check" in args.parts:
                a, b, ratio, ma, mb = paired(check_base, check_n, base_env, base_env, args.rounds)
                rows.append(f"| check: example (A) vs example + N items (B) | {n} | {a:.2f} | {b:.2f} | "
                            f"{ratio} | {ma} / {mb} | |")
                print(rows[-1], flush=True)
            if "core" in args.parts:
                # The generator without MkDocs: what the hook adds to a build, by N.
                out = tmp / f"core-{n}"
                core_base = [PY, "-m", "partnership", "build", "--data", str(ROOT / "partnership_data"),
                             "--out", str(out) + "-example"]
                core_n = [PY, "-m", "partnership", "build", "--data", str(data), "--out", str(out)]
                a, b, ratio, ma, mb = paired(core_base, core_n, base_env, base_env, args.rounds)
                rows.append(f"| core build, no MkDocs: example (A) vs example + N items (B); "
                            f"{(b - a) / n * 1000:.2f} ms an item | {n} | {a:.2f} | {b:.2f} | "
                            f"{ratio} | {ma} / {mb} | |")
                print(rows[-1], flush=True)
            if not {"build", "blog", "work"} & set(args.parts):
                continue

            work = tmp / f"work-{n}"
            work.mkdir()
            floor = floor_config(work, data)
            floor_cmd = [PY, "-m", "mkdocs", "build", "-q", "-f", str(floor), "-d", str(work / "floor-site")]
            hook_cmd = [PY, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(work / "hook-site")]
            if "work" in args.parts:
                work_table += work_rows(floor_cmd, hook_cmd, env_n, work, n)
            if "build" in args.parts:
                # The hook keeps what it checked and wrote for the next build (.cache/kept/);
                # the first build has none, as a new clone's.
                for new_folders, into, forget in (
                        (True, "a new folder", ()), (False, "the last build's folder", ()),
                        (True, "a new folder, with nothing kept from the last build", (KEPT,))):
                    a, b, ratio, ma, mb = paired(floor_cmd, hook_cmd, env_n, env_n, args.rounds,
                                                 new_folders=new_folders, forget_b=forget)
                    rows.append(f"| build into {into}: floor, no hook (A) vs through the hook (B) | {n} | "
                                f"{a:.2f} | {b:.2f} | {ratio} | {ma} / {mb} | "
                                f"{site_size(work / 'floor-site'):.1f} / {site_size(work / 'hook-site'):.1f} |")
                    print(rows[-1], flush=True)
            if "blog" in args.parts:
                blog = blog_config(work, floor, data)
                blog_cmd = [PY, "-m", "mkdocs", "build", "-q", "-f", str(blog), "-d", str(work / "blog-site")]
                a, b, ratio, ma, mb = paired(floor_cmd, blog_cmd, env_n, env_n, args.rounds)
                rows.append(f"| build: floor (A) vs Material blog + mkdocs-rss-plugin (B) | {n} | {a:.2f} | "
                            f"{b:.2f} | {ratio} | {ma} / {mb} | {site_size(work / 'floor-site'):.1f} / "
                            f"{site_size(work / 'blog-site'):.1f} |")
                print(rows[-1], flush=True)

        for n in args.sizes if "preview" in args.parts else []:
            data = tmp / f"preview-{n}"
            shutil.copytree(ROOT / "partnership_data", data)
            generate(data, n)
            median, full = preview_latency(data, dict(base_env, PARTNERSHIP_DATA=str(data)), tmp / f"pv-{n}")
            rows.append(f"| preview: save one item until the changed page is served (B); full build (A) | {n} | "
                        f"{full:.2f} | {median:.2f} | {median / full:.2f} | | |")
            print(rows[-1], flush=True)

        # Feeds alone, in-process: the feed code without start-up or MkDocs.
        sys.path.insert(0, str(ROOT / "hooks"))
        from partnership.build import build_site
        from partnership.calendar import render_calendars
        from partnership.feeds import FeedWriter
        from partnership.text import BodyRenderer
        for n in (1000, 10000) if "feeds" in args.parts else []:
            data = tmp / f"feeds-{n}"
            shutil.copytree(ROOT / "partnership_data", data)
            generate(data, n)
            site = build_site(data, "https://x.example/", dt.date.fromisoformat(TODAY)).site
            timings = []
            for _ in range(args.rounds):
                started = time.perf_counter()
                files = FeedWriter(site, "https://x.example/", BodyRenderer([])).all_files()
                render_calendars(site, "https://x.example/")
                timings.append(time.perf_counter() - started)
            rows.append(f"| all feeds alone: {len(files)} news feeds (RSS, Atom, JSON) and the calendar, "
                        f"in-process | {n} | | {statistics.median(timings):.3f} | | | |")
        if len(rows) == 2:  # only the header: no part of that table was asked for
            rows = []
        if len(work_table) > 2:  # a second table, after the first if there is one
            rows += ([""] if rows else []) + work_table
        if "lighthouse" in args.parts:
            (tmp / "lighthouse").mkdir()
            rows += [""] + lighthouse_performance(tmp / "lighthouse", base_env, args.rounds)
    print("\n".join(rows))


if __name__ == "__main__":
    main()
