"""Each kind of content is declared once (partnership/kinds.py) and everything else follows."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import typing

import pytest

from conftest import OTHER_DATA, TODAY
from partnership import kinds
from partnership import model as m
from partnership.load import load_site
from partnership.problems import DataError
from partnership.schemas import json_schemas, schema_name


def test_a_document_of_every_type_is_on_the_documents_page(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(OTHER_DATA, data)
    types = typing.get_args(m.DocumentType)
    entries = "".join(
        f"  - id: paper-{i}\n    title: Paper number {i} about {kind}\n    type: {kind}\n"
        f"    availability: Ask the partnership for a copy.\n"
        for i, kind in enumerate(types, 1)
    )
    with (data / "documents.yml").open("a", encoding="utf-8") as file:
        file.write(entries)
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "partnership", "build", "--data", str(data),
                          "--today", TODAY, "--out", str(out)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    page = (out / "documents" / "index.md").read_text(encoding="utf-8")
    shown = [kind for i, kind in enumerate(types, 1) if f"Paper number {i} about {kind}" in page]
    assert shown == list(types)
    # Listed in the order model.py declares the types.
    places = [page.index(f"Paper number {i} ") for i in range(1, len(types) + 1)]
    assert places == sorted(places)


# --- a kind added through the registry and a model only ---------------------------------


class AnnualReport(m.Model):
    id: m.Id = m.Field(description=m.ID_HELP)
    title: m.Text = m.Field(description="The report's title.")
    year: int = m.Field(ge=1900, le=2200, description="The year it covers.")
    document: m.DocumentId = m.Field(description="The report itself: an id from documents.yml.")
    draft: bool = m.Field(False, description=m.DRAFT_HELP)


class AnnualReports(m.Model):
    reports: list[AnnualReport] = m.Field(default_factory=list, description="One entry for each year.")


class CaseStudy(m.Model):
    title: m.Text
    partner: m.PartnerId
    report: typing.Optional[typing.Annotated[m.Id, m.Ref("annual_reports")]] = None
    draft: bool = False
    slug: str = m.Field(default="", exclude=True)


@pytest.fixture
def new_kinds():
    kinds.register(kinds.Kind("annual_reports", AnnualReports, file="annual_reports.yml", items="reports",
                              item="annual report", templates=("annual_reports.md",),
                              page="annual-reports/{key}.md"))
    kinds.register(kinds.Kind("case_studies", CaseStudy, folder="case-studies", item="case study",
                              templates=("case_studies.md", "case_study.md"), page="case-studies/{key}.md"))
    try:
        yield
    finally:
        kinds.unregister("annual_reports")
        kinds.unregister("case_studies")


def _data(tmp_path, reports: str, study: str):
    data = tmp_path / "data"
    shutil.copytree(OTHER_DATA, data)
    (data / "annual_reports.yml").write_text(reports, encoding="utf-8")
    (data / "case-studies").mkdir()
    (data / "case-studies" / "2026-03-01-new-allotments.yml").write_text(study, encoding="utf-8")
    return data


REPORTS = """reports:
  - id: report-2025
    title: Annual report 2025
    year: 2025
    document: constitution
  - id: report-2026
    title: Annual report 2026
    year: 2026
    document: constitution
    draft: true
"""
STUDY = "title: New allotments\npartner: glanrhyd-council\n"


def test_a_registered_kind_is_read_checked_and_kept(tmp_path, new_kinds):
    site = load_site(_data(tmp_path, REPORTS, STUDY), dt.date.fromisoformat(TODAY))
    assert [r.id for r in site.items("annual_reports")] == ["report-2025"]      # the draft is left out
    assert site.extra["annual_reports"].reports[0].title == "Annual report 2025"
    (study,) = site.items("case_studies")
    assert (study.title, study.slug) == ("New allotments", "2026-03-01-new-allotments")
    assert site.items("documents") == site.documents.documents


def _refused(tmp_path, reports: str, study: str = STUDY) -> str:
    with pytest.raises(DataError) as caught:
        load_site(_data(tmp_path, reports, study), dt.date.fromisoformat(TODAY))
    return caught.value.report()


def test_a_registered_kind_is_checked_against_its_model(tmp_path, new_kinds):
    said = _refused(tmp_path, REPORTS.replace("year: 2025", "year: last year"))
    assert "data/annual_reports.yml, line 4, column 5: reports › item 1 › year" in said


def test_a_registered_kind_has_its_references_and_ids_checked(tmp_path, new_kinds):
    reports = REPORTS.replace("    document: constitution\n    draft", "    document: constitutin\n    draft")
    said = _refused(tmp_path, reports.replace("id: report-2026", "id: report-2025"),
                    STUDY.replace("glanrhyd-council", "nobody") + "report: summer-fete\n")
    assert "annual_reports.yml, line 6, column 5: reports › item 2 › id: the id 'report-2025' is already used" in said
    assert ("annual_reports.yml, line 9, column 5: reports › item 2 › document: "
            "there is no document with the id 'constitutin'") in said
    assert "did you mean 'constitution'?" in said
    assert ("case-studies/2026-03-01-new-allotments.yml, line 2, column 1: partner: "
            "there is no partner with the id 'nobody'") in said
    # References to the new kind are checked too.
    assert ("case-studies/2026-03-01-new-allotments.yml, line 3, column 1: report: "
            "there is no annual report with the id 'summer-fete'\n"
            "    What to do: use an id that exists in annual_reports.yml") in said


def test_a_registered_kind_gets_a_json_schema(new_kinds):
    assert "annual_reports.schema.json" in json_schemas()
    assert "case-studies.schema.json" in json_schemas()
    assert schema_name("case-studies/2026-03-01-x.yml") == "case-studies.schema.json"


class Report(m.Model):
    id: m.Id
    title: m.Text
    date: m.UKDateTime
    summary: m.LongText
    body: m.Markdown = ""
    draft: bool = False


class Reports(m.Model):
    reports: list[Report] = m.Field(default_factory=list)


REPORT_LIST = """{% extends "page.md" %}
{% set title = "Annual reports" %}
{% block body %}
What the partnership did each year.
{% for r in items %}

- {{ link(kind.name, r.id, r.title) }}: {{ r.summary }}
{% else %}

No annual reports have been published yet.
{% endfor %}
{% endblock %}
"""
REPORT_PAGE = """{% extends "page.md" %}
{% set title = item.title %}
{% block body %}
{{ item.summary }}

{{ body_html(item.body) }}

{{ link(kind.name, text="All annual reports") }}
{% endblock %}
"""
REPORT_DATA = """reports:
  - id: year-2025
    title: The year 2025 & what came of it
    date: 2026-02-01T10:00:00
    summary: Four new allotment sites and a winter shelter.
    body: |
      ## Allotments

      Read [the council's report](https://www.example.gov.uk/allotments-2025).
  - id: year-2026
    title: The year 2026
    date: 2027-02-01T10:00:00
    summary: Not written yet.
    draft: true
"""


def test_a_new_kind_gets_its_pages_menu_entry_checked_links_and_feed(tmp_path):
    import feedparser

    from conftest import mkdocs_build
    from partnership.links import outside_links

    # The whole of a new kind: a model, two templates and one registry entry.
    kinds.register(kinds.Kind("annual_reports", Reports, file="annual_reports.yml", items="reports",
                              item="annual report", templates=("annual-reports.md", "annual-report.md"),
                              index="annual-reports/index.md", page="annual-reports/{key}.md",
                              title="Annual reports", feeds=True))
    try:
        data = tmp_path / "data"
        shutil.copytree(OTHER_DATA, data)
        (data / "annual_reports.yml").write_text(REPORT_DATA, encoding="utf-8")
        ours = tmp_path / "templates"
        ours.mkdir()
        (ours / "annual-reports.md").write_text(REPORT_LIST, encoding="utf-8")
        (ours / "annual-report.md").write_text(REPORT_PAGE, encoding="utf-8")
        site = mkdocs_build(tmp_path / "site", data=data, templates=ours)  # strict: every link resolves
        listing = (site / "annual-reports" / "index.html").read_text()
        assert 'href="year-2025/"' in listing and "The year 2025 &amp; what came of it" in listing
        assert "2026" not in listing.split("<h1")[1].split("</article>")[0]  # the draft is left out
        page = (site / "annual-reports" / "year-2025" / "index.html").read_text()
        assert 'id="allotments"' in page and "https://www.example.gov.uk/allotments-2025" in page
        home = (site / "index.html").read_text()
        assert 'href="annual-reports/"' in home  # in the menu
        feed = feedparser.parse((site / "feeds" / "annual_reports.xml").read_bytes())
        assert not feed.bozo
        assert [e.title for e in feed.entries] == ["The year 2025 & what came of it"]
        assert feed.entries[0].link == "https://www.example.gov.uk/partnership/annual-reports/year-2025/"
        assert "Allotments" in feed.entries[0].content[0].value
        assert 'href="../feeds/annual_reports.xml"' in listing or "annual_reports.xml" in listing
        found = outside_links(load_site(data, dt.date.fromisoformat(TODAY)))
        assert found.get("https://www.example.gov.uk/allotments-2025", "").startswith("annual_reports.yml")
    finally:
        kinds.unregister("annual_reports")
