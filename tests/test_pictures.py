"""Pictures fit for a phone: a large picture is named in a warning with its size, and pages
and feeds show a right-sized copy that links to the original."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import sys

import pytest
from PIL import Image

from conftest import OTHER_DATA, SUBPATH_URL

TODAY = dt.date(2026, 11, 23)
ITEM = "news/2026-07-01-fish-and-chips.yml"


@pytest.fixture
def data(tmp_path):
    copy = tmp_path / "partnership_data"
    shutil.copytree(OTHER_DATA, copy)
    # A camera-sized photo: 3000 by 2000 pixels of fine detail, with the camera's data in it.
    photo = Image.effect_noise((3000, 2000), 60).convert("RGB")
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    photo.save(copy / "images" / "big.jpg", quality=95, exif=exif)
    item = copy / ITEM
    item.write_text(item.read_text().replace("file: park.png", "file: big.jpg"))
    return copy


def test_a_large_picture_is_warned_about_and_shown_as_a_right_sized_copy(data):
    from partnership.build import build_site

    size = (data / "images" / "big.jpg").stat().st_size
    assert size > 4_000_000
    build = build_site(data, SUBPATH_URL, TODAY)
    (warning,) = [w for w in build.warnings if "big.jpg" in w]
    assert warning.startswith(f"partnership_data/{ITEM}: image › file: the picture big.jpg is {size / 1e6:.1f} MB")
    assert "What to do:" in warning
    files = {f.path: f for f in build.files}
    copy = Image.open(io.BytesIO(files["images/sized/big.jpg"].content))
    assert copy.size == (1200, 800) and len(files["images/sized/big.jpg"].content) < 1_000_000
    assert not copy.getexif()  # the camera's data (and any place it recorded) stays out
    assert files["images/big.jpg"].copy_from == data / "images" / "big.jpg"  # the original, linked
    page = files[ITEM.replace(".yml", ".md")].content
    figure = re.search(r"<figure>.*?</figure>", page).group()
    assert '<img src="../../images/sized/big.jpg"' in figure
    assert f'<a href="../../images/big.jpg">See the full-size picture ({size / 1e6:.1f} MB)</a>' in figure
    feed = files["feeds/magazine.xml"].content
    assert re.search(r'<media:content url="[^"]*/images/sized/big.jpg"[^>]*width="1200" height="800" '
                     rf'fileSize="{len(files["images/sized/big.jpg"].content)}"', feed)
    assert "See the full-size picture" in feed and f"{SUBPATH_URL}images/big.jpg" in feed
    # The same picture gives the same copy, byte for byte.
    from partnership import pictures

    pictures._MADE.clear()
    again = {f.path: f for f in build_site(data, SUBPATH_URL, TODAY).files}
    assert again["images/sized/big.jpg"].content == files["images/sized/big.jpg"].content


def test_check_names_the_large_picture_and_a_small_one_is_left_alone(data):
    run = subprocess.run([sys.executable, "-m", "partnership", "check", "--data", str(data), "--today", "2026-11-23"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "the picture big.jpg is" in run.stderr and "1200 pixels wide" in run.stderr
    from partnership.build import build_site

    small = build_site(OTHER_DATA, SUBPATH_URL, TODAY)
    assert not [w for w in small.warnings if "picture" in w]
    assert not [f.path for f in small.files if f.path.startswith("images/sized/")]
