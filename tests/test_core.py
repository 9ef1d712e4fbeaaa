"""The core package on its own: no MkDocs, and errors an editor can act on."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import OTHER_DATA, ROOT

CORE = ROOT / "hooks" / "partnership"


def test_core_never_imports_mkdocs():
    for path in CORE.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n.split(".")[0] in ("mkdocs", "material") for n in names), path
    code = ("import sys, partnership.build, partnership.__main__; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def _check(data: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "partnership", "check", "--data", str(data),
                           "--today", "2026-11-23"], capture_output=True, text=True)


def test_check_passes_on_good_data():
    run = _check(OTHER_DATA)
    assert run.returncode == 0, run.stderr


@pytest.mark.parametrize("file,old,new,expected", [
    ("structure.yml", "reports_to: board", "reports_to: bord",
     ["structure.yml, line 18", "there is no body with the id 'bord'", "did you mean 'board'?"]),
    ("partners.yml", "    sector: public\n    website: https://www.coleg", "    sectr: public\n    website: https://www.coleg",
     ["partners.yml, line 8", "'sectr' is not a field here", "did you mean 'sector'?"]),
    ("news/2026-01-15-winter-update.yml", "date: 2026-01-15", "date: 2026-02-30",
     ["2026-01-15-winter-update.yml, line 2", "is not a real date"]),
])
def test_a_mistake_names_file_line_and_fix(tmp_path, file, old, new, expected):
    data = tmp_path / "data"
    shutil.copytree(OTHER_DATA, data)
    path = data / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    run = _check(data)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    for part in expected:
        assert part in run.stderr, run.stderr


def test_publish_with_a_mistake_leaves_the_live_site_untouched(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(OTHER_DATA, data)
    live = tmp_path / "live"
    publish = [sys.executable, "-m", "partnership", "publish", "--out", str(live), "--data", str(data),
               "--today", "2026-11-23", "--config", str(ROOT / "mkdocs.yml")]
    first = subprocess.run(publish, capture_output=True, text=True, cwd=ROOT)
    assert first.returncode == 0, first.stderr
    before = {p: p.read_bytes() for p in live.rglob("*") if p.is_file()}
    assert (live / "index.html").is_file() and oct(live.stat().st_mode)[-3:] == "755"

    path = data / "structure.yml"
    path.write_text(path.read_text().replace("type: board", "type: bored"))
    second = subprocess.run(publish, capture_output=True, text=True, cwd=ROOT)
    assert second.returncode == 1
    assert "Traceback" not in second.stderr
    assert "structure.yml, line 4" in second.stderr and "write one of" in second.stderr
    assert "Nothing was published" in second.stderr and "is unchanged" in second.stderr
    # Only what went wrong: none of the engine's words that read as if the live site changed.
    assert "Cleaning site directory" not in second.stderr + second.stdout
    assert "Aborted with a BuildError" not in second.stderr + second.stdout
    after = {p: p.read_bytes() for p in live.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("folder", ["holding a site", "new"])
def test_mkdocs_build_with_a_mistake_stops_and_leaves_the_site_folder_as_it_was(tmp_path, folder):
    # The data is checked in a second process while MkDocs starts; MkDocs must not have
    # emptied a folder holding a site by the time the verdict comes.
    data = tmp_path / "data"
    shutil.copytree(OTHER_DATA, data)
    path = data / "structure.yml"
    path.write_text(path.read_text().replace("type: board", "type: bored"))
    site = tmp_path / "site"
    if folder != "new":
        (site / "news").mkdir(parents=True)
        (site / "news" / "index.html").write_text("the live page")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], capture_output=True,
                         text=True, cwd=ROOT, env={**os.environ, "PARTNERSHIP_DATA": str(data),
                                                   "PARTNERSHIP_TODAY": "2026-11-23", "NO_MKDOCS_2_WARNING": "1"})
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "structure.yml, line 4" in run.stderr and "write one of" in run.stderr
    left = sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) if site.exists() else []
    assert left == ([] if folder == "new" else ["news", "news/index.html"])


def test_outside_link_report_names_broken_links_and_never_fails(tmp_path):
    from serve import serve

    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "ok.html").write_text("fine")
    data = tmp_path / "data"
    shutil.copytree(OTHER_DATA, data)
    with serve(tmp_path / "www") as base:
        partners = data / "partners.yml"
        partners.write_text(partners.read_text()
                            .replace("https://www.glanrhyd.example.org/", f"{base}/ok.html")
                            .replace("https://www.coleg.example.org/", f"{base}/gone.html"))
        news = data / "news" / "2026-01-15-winter-update.yml"
        news.write_text(news.read_text().replace("agreed its plan", f"agreed [its plan]({base}/plan.pdf)"))
        run = subprocess.run([sys.executable, "-m", "partnership", "links", "--data", str(data),
                              "--today", "2026-11-23"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert f"Broken: {base}/gone.html\n    in partners.yml › coleg-aberhafren: the server answered 404" in run.stdout
    assert f"Broken: {base}/plan.pdf\n    in news/2026-01-15-winter-update.yml › body" in run.stdout
    assert f"{base}/ok.html" not in run.stdout


def _with_many_items(tmp_path: Path, count: int) -> Path:
    data = tmp_path / "data"
    shutil.copytree(OTHER_DATA, data)
    for i in range(count):
        day = f"20{24 + i // 20}-0{1 + i % 9}-{10 + i % 18:02d}"
        (data / "news" / f"{day}-item-{i}.yml").write_text(
            f"title: Item {i}\ndate: {day}\nsummary: Summary {i}.\nbody: Body {i}.\n"
            f"themes: [green-spaces]\nmagazine: {'true' if i % 2 else 'false'}\n")
    return data


def test_long_news_lists_are_split_so_every_page_stays_short(tmp_path):
    import datetime as dt
    import re

    from partnership.build import build_site

    data = _with_many_items(tmp_path, 60)
    build = build_site(data, "https://example.org/", dt.date(2026, 11, 23))
    pages = {out.path: out.content for out in build.files if out.path.endswith(".md")}
    site = build.site
    html_links = re.compile(r'href="(?:\.\./)+news/([\w-]+)/"')

    index = pages["news/index.md"]
    assert len(re.findall(r"^### \[", index, re.M)) == 20               # the latest 20, with summaries
    assert [n.slug for n in site.news[:20]] == re.findall(r"^### \[.*?\]\(([\w-]+)\.md\)", index, re.M)
    years = sorted({n.date.year for n in site.news}, reverse=True)
    assert re.findall(r"^- \[(\d{4})\]\(\1\.md\)", index, re.M) == [str(y) for y in years]
    for year in years:                                                   # and every item on its year's page
        listed = html_links.findall(pages[f"news/{year}.md"])
        assert listed == [n.slug for n in site.news if n.date.year == year]

    theme = pages["news/themes/green-spaces.md"]
    assert len(re.findall(r"^## \[", theme, re.M)) == 20
    assert "Earlier news about this priority" in theme
    about = [n.slug for n in site.news if "green-spaces" in n.themes]
    assert re.findall(r"^## \[.*?\]\(\.\./([\w-]+)\.md\)", theme, re.M) + html_links.findall(theme) == about

    magazine = pages["news/for-editors.md"]
    from partnership.derive import feed_window
    chosen = feed_window([n for n in site.news if n.magazine], site.today)
    assert re.findall(r"\| \[.*?\]\(([\w-]+)\.md\) \|", magazine) == [n.slug for n in chosen]


def test_stand_in_pages_list_every_problem_as_text():
    from partnership.outputs import stand_in_build
    from partnership.problems import Problem

    problems = [Problem("data/news/a.yml", 3, 1, "themes", "there is no priority '<script>x</script>'", "fix it"),
                Problem("data/partners.yml", 7, 5, "name", "this field is missing")]
    build = stand_in_build(problems, ["about/index.md", "editors-guide.md"])
    assert sorted(f.path for f in build.files) == ["about/index.md", "editors-guide.md", "index.md"]
    page = build.files[0].content
    assert "2 problems" in page and "data/news/a.yml, line 3" in page and "data/partners.yml, line 7" in page
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_a_council_changes_a_sentence_by_copying_one_template(tmp_path):
    ours = tmp_path / "overrides" / "partnership"
    ours.mkdir(parents=True)
    core = (CORE / "templates" / "about.md").read_text()
    old = "The partnership is made up of several groups."
    assert old in core
    (ours / "about.md").write_text(core.replace(old, "Our partnership has four groups and a board."))
    run = subprocess.run([sys.executable, "-m", "partnership", "build", "--data", str(ROOT / "partnership_data"),
                          "--today", "2026-11-23", "--out", str(tmp_path / "site"), "--templates", str(ours)],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    about = (tmp_path / "site" / "about" / "index.md").read_text()
    assert "Our partnership has four groups and a board." in about
    assert old not in about
    assert "Redditch Partnership" in about                              # the data still fills it in
    home = (tmp_path / "site" / "index.md").read_text()
    assert "What was promised and what was done" in home               # other pages keep the core's words


def _python_strings(path: Path) -> list[str]:
    """The string constants in a module, docstrings left out, whitespace made single."""
    tree = ast.parse(path.read_text())
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [" ".join(node.value.split()) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


SENTENCE = re.compile(r"[A-Za-z']+ [a-z']+ [a-z']+ [a-z']+")  # four words in a row


def test_page_wording_lives_in_the_templates_only():
    import jinja2

    template_words = set()
    for path in (CORE / "templates").glob("*.md"):
        for _, kind, value in jinja2.Environment().lex(path.read_text()):
            if kind in ("data", "string"):
                template_words.update(" ".join(line.split()) for line in value.splitlines()
                                      if SENTENCE.search(line))
    assert len(template_words) > 50
    python = {path.name: "\n".join(_python_strings(path))
              for path in [*CORE.glob("*.py"), ROOT / "hooks" / "partnership_site.py"]}
    # Nothing a template says is said again in Python ...
    assert [(w, name) for w in template_words for name, text in python.items() if w in text] == []
    # ... and the Python that writes pages, feeds and calendars holds no sentences of its own.
    for name in ("pages.py", "templating.py", "feeds.py", "derive.py", "calendar.py"):
        assert [s for s in _python_strings(CORE / name) if SENTENCE.search(s)] == [], name


def test_a_changed_template_reaches_pages_the_preview_kept(tmp_path):
    # The preview keeps news pages between saves; a template saved since must still show.
    import datetime as dt

    from partnership.build import build_site

    ours = tmp_path / "partnership"
    ours.mkdir()
    core = (CORE / "templates" / "news-item.md").read_text()

    def build() -> dict[str, str]:
        made = build_site(OTHER_DATA, "https://example.org/", dt.date(2026, 11, 23), templates=ours)
        return {f.path: f.content for f in made.files}

    (ours / "news-item.md").write_text(core.replace("Published", "First published"))
    first = build()
    # Another length: seen even where file times are too coarse to tell two saves apart.
    (ours / "news-item.md").write_text(core.replace("Published", "Put online"))
    second = build()
    item = "news/2026-07-01-fish-and-chips.md"
    assert "First published" in first[item] and "Put online" in second[item]
