"""Each kind of content is declared once (partnership/kinds.py) and everything else follows."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import typing

from conftest import OTHER_DATA, TODAY
from partnership import model as m


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
