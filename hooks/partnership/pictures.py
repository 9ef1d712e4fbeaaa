"""Pictures fit for a phone: a right-sized copy of each large picture for pages and feeds,
with the original linked, and a warning naming each picture over the size limit.

A copy is made only when the original is wider than a page needs or larger than the limit,
and kept only when it is smaller; it carries no camera data (EXIF: the place a photo was
taken, the camera). The same original always gives the same bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from . import model as m
from .load import IMAGES
from .problems import Problem

LIMIT_BYTES = 1_000_000  # a picture over 1 MB is slow to load on a phone
WIDTH = 1200             # pixels: the page's column, on a phone or laptop screen with twice the pixels
SIZED = f"{IMAGES}/sized"


@dataclass(frozen=True)
class Picture:
    """What pages and feeds show for one picture file."""
    path: str                 # relative to the site root
    width: int
    height: int
    size: int
    mime: str
    content: bytes | None = field(repr=False)  # the copy's bytes; None when the original is shown as it is
    original: str             # the original's path, relative to the site root
    original_size: int

    @property
    def is_copy(self) -> bool:
        return self.content is not None


_MADE: dict[tuple, Picture] = {}  # the preview rebuilds on every save: each copy is made once


def pictures(site: m.Site, data_dir: Path) -> dict[str, Picture]:
    """Every news picture by its file name, with the copy pages and feeds use."""
    return {n.image.file: picture(data_dir / IMAGES / n.image.file, n.image.file, site.images[n.image.file])
            for n in site.news if n.image}


def picture(path: Path, name: str, info: m.ImageFile) -> Picture:
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _MADE:
        _MADE[key] = _make(path, name, info)
    return _MADE[key]


def shown(pictures: dict[str, Picture], site: m.Site, image: m.Image) -> Picture:
    """The picture pages and feeds give for an item's image: its copy to size, if made."""
    return pictures.get(image.file) or as_is(image.file, site.images[image.file])


def as_is(name: str, info: m.ImageFile) -> Picture:
    """A picture shown as it is."""
    return Picture(f"{IMAGES}/{name}", info.width, info.height, info.size, info.mime, None, f"{IMAGES}/{name}",
                   info.size)


def _make(path: Path, name: str, info: m.ImageFile) -> Picture:
    original = as_is(name, info)
    if info.width <= WIDTH and info.size <= LIMIT_BYTES or info.mime == "image/gif":
        return original  # small enough already; a GIF may move, and a copy would stop it
    from PIL import Image, ImageOps

    with Image.open(path) as img:
        fmt = img.format
        img = ImageOps.exif_transpose(img)  # turned the way the camera meant, before its data is dropped
        if img.width > WIDTH:
            img = img.resize((WIDTH, max(1, round(img.height * WIDTH / img.width))), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        if fmt == "JPEG":
            img.convert("RGB").save(out, "JPEG", quality=82, optimize=True, progressive=True)
        elif fmt == "WEBP":
            img.save(out, "WEBP", quality=80, method=6)
        else:
            img.save(out, fmt, optimize=True)
        data = out.getvalue()
        width, height = img.size
    if len(data) >= info.size:
        return original
    return Picture(f"{SIZED}/{name}", width, height, len(data), info.mime, data, original.path, info.size)


def size_warnings(site: m.Site, data_dir: Path, sized: dict[str, Picture]) -> list[str]:
    """A warning for each picture over the limit, naming its file, its size and the item."""
    found = []
    for n in site.news:
        pic = sized.get(n.image.file) if n.image else None
        if pic is None or pic.original_size <= LIMIT_BYTES:
            continue
        shown = (f"pages and feeds show a copy {pic.width} pixels wide ({_megabytes(pic.size)}) "
                 "and link to the original" if pic.is_copy else "pages and feeds show it as it is")
        found.append(Problem(
            f"{data_dir.name}/news/{n.slug}.yml", 0, 0, "image › file",
            f"the picture {n.image.file} is {_megabytes(pic.original_size)}, more than the "
            f"{_megabytes(LIMIT_BYTES)} a phone loads quickly; {shown}",
            f"save a copy at most {WIDTH} pixels wide (most photo apps call this resizing or exporting) "
            f"and put it in {data_dir.name}/{IMAGES}/ in place of this one").format())
    return found


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"
