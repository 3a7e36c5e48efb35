"""Organisation charts (S0.4): a unit and its descendants on a date, laid out and drawn on the
server as SVG, PNG and PDF.

Three steps, each usable alone:

1. ``chart_tree`` reads the registry (as of a date, public data only) into ``ChartNode``s.
2. ``layout`` places the boxes; pure Python, no database. Boxes are sized to their wrapped
   labels, measured with DejaVu Sans through Pillow (a fixed width per character if the font
   is missing). Parents sit above their children; staff units (stab, kansli) hang beside the
   vertical line under their parent, as in Swedish charts; wide levels wrap into several rows
   around that line, and long lists of leaves stack in columns, so that 2,000 units still
   read.
3. ``render_svg``, ``render_png`` and ``render_pdf`` draw the same layout.
"""

from __future__ import annotations

import base64
import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from io import BytesIO
from pathlib import Path

from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from radhus.core.pdf import html_to_pdf
from radhus.core.validators import normalise_line
from radhus.organisation import selectors
from radhus.organisation.models import (
    GROUP_KINDS,
    POLITICAL_KINDS,
    Appointment,
    Post,
    Unit,
    UnitKind,
)

STAFF_KINDS = {UnitKind.STAFF_UNIT, UnitKind.SECRETARIAT}

# Reading the registry ----------------------------------------------------------------------


@dataclass
class ChartNode:
    """One unit in a chart: its name on the date, the posts shown in its box, its children
    (staff units among them) and how many descendants a depth limit hides."""

    name: str
    slug: str = ""
    kind: str = UnitKind.UNIT
    posts: list[str] = field(default_factory=list)
    children: list[ChartNode] = field(default_factory=list)
    hidden: int = 0

    @property
    def is_staff(self) -> bool:
        return self.kind in STAFF_KINDS

    def walk(self) -> Iterator[ChartNode]:
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def __len__(self) -> int:
        return sum(1 for _node in self.walk())


def _count(node: selectors.TreeNode) -> int:
    return sum(1 + _count(c) for c in node.children)


def _post_labels(unit_ids: list[int], on: dt.date) -> dict[int, list[str]]:
    """“Kommundirektör: Magnus Haglund” for every post of the units on ``on``, in rank order
    (the director first), with “→ Kommundirektör” after a post that reports to another;
    people who are not shown publicly are left out, the post stays."""
    posts = list(
        Post.objects.filter(Post.valid_on_q(on), unit_id__in=unit_ids)
        .order_by("sort_order", "title", "id")
        .select_related("reports_to")
        .only("id", "unit_id", "title", "reports_to__title")
    )
    holders: dict[int, list[str]] = defaultdict(list)
    for a in (
        Appointment.objects.filter(Appointment.valid_on_q(on), post__in=[p.pk for p in posts])
        .filter(person__is_public=True)
        .select_related("person__party")
        .order_by("acting", "id")
    ):
        holders[a.post_id].append(a.person.name_with_party + (_(" (acting)") if a.acting else ""))
    labels: dict[int, list[str]] = defaultdict(list)
    for post in posts:
        names = holders.get(post.pk)
        label = f"{post.title}: {', '.join(names)}" if names else post.title
        if post.reports_to is not None:
            label += f" → {post.reports_to.title}"
        labels[post.unit_id].append(label)
    return labels


def chart_tree(
    unit: Unit, on: dt.date, *, depth: int | None = None, show_posts: bool = False
) -> ChartNode | None:
    """``unit`` and its descendants as they were on ``on`` (None if it did not exist then).
    Levels deeper than ``depth`` below ``unit`` are collapsed into a count on their parent."""
    found = selectors.find_node(selectors.tree_as_of(unit.tenant, on), unit.pk)
    if found is None:
        return None
    shown: list[tuple[selectors.TreeNode, ChartNode]] = []

    def convert(node: selectors.TreeNode, level: int) -> ChartNode:
        u = node.unit
        chart = ChartNode(name=u.name, slug=u.slug, kind=u.kind)
        shown.append((node, chart))
        if depth is not None and level >= depth:
            chart.hidden = _count(node)
        else:
            chart.children = [convert(c, level + 1) for c in node.children]
        return chart

    root = convert(found, 0)
    if show_posts:
        labels = _post_labels([n.unit.pk for n, _c in shown], on)
        for node, chart in shown:
            chart.posts = labels.get(node.unit.pk, [])
    return root


# Measuring text ----------------------------------------------------------------------------

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
# Where DejaVu Sans is missing the fallbacks are narrower, so labels still fit their boxes.
SVG_FONT_FAMILY = "'DejaVu Sans', 'Bitstream Vera Sans', Arial, Helvetica, sans-serif"
# Without the font we measure this many ems per character: DejaVu Sans's widest common
# letters are about 0.7 em, so labels still fit, if a little loosely.
FALLBACK_EM_PER_CHAR = 0.68


@dataclass(frozen=True)
class TextStyle:
    size: float
    bold: bool = False

    @property
    def line_height(self) -> float:
        return round(self.size * 1.3, 2)


NAME = TextStyle(13, bold=True)
POST = TextStyle(11)
MORE = TextStyle(11, bold=True)
HEADING = TextStyle(18, bold=True)
SUBHEADING = TextStyle(12)


@lru_cache(maxsize=64)
def font(size: float, bold: bool = False) -> ImageFont.FreeTypeFont | None:
    """DejaVu Sans at ``size`` px, or None when it is not installed."""
    path = FONT_DIR / FONT_FILES[bold]
    try:
        return ImageFont.truetype(str(path) if path.exists() else FONT_FILES[bold], size)
    except OSError:
        return None


def fonts_available() -> bool:
    return font(NAME.size, True) is not None and font(POST.size) is not None


@lru_cache(maxsize=65536)
def text_width(text: str, style: TextStyle) -> float:
    f = font(style.size, style.bold)
    if f is None:
        return len(text) * style.size * FALLBACK_EM_PER_CHAR
    return float(f.getlength(text))


def wrap(text: str, style: TextStyle, max_width: float) -> list[str]:
    """Greedy word wrap; a word longer than ``max_width`` keeps a line of its own (the box then
    grows to hold it: Swedish compounds are long, and a split word reads worse)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, style) > max_width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines or [""]


# Layout ------------------------------------------------------------------------------------

PAD_X = 10.0  # inside a box, left and right of the text
PAD_Y = 6.0
NAME_WRAP = 190.0  # widest name line before wrapping (a long single word may be wider)
POST_WRAP = 220.0
MIN_BOX_WIDTH = 96.0
H_GAP = 22.0  # between sibling blocks
DROP = 18.0  # from a box or band down to a bus line, and from a bus line down to the boxes
ROW_GAP = 26.0  # between wrapped rows
SPINE_CLEAR = 16.0  # free space either side of the vertical line through wrapped rows
STAFF_STUB = 26.0  # from the vertical line to a staff unit's box
STAFF_GAP = 14.0
STACK_INDENT = 16.0  # from a column's line to its boxes
STACK_GAP = 8.0
ROW_LIMIT = 1400.0  # a level wider than this wraps or stacks
ROW_ASPECT = 1.6  # wrapped rows aim at a landscape block
MAX_ROW_ASPECT = 3.0  # a single row wider than this (for its height) wraps
MAX_WRAPS = 60  # most rows or columns tried for one level
STACK_ASPECT = 1.0
MARGIN = 20.0


@dataclass(frozen=True)
class Line:
    text: str
    style: TextStyle


@dataclass(eq=False)
class Box:
    node: ChartNode
    x: float
    y: float
    w: float
    h: float
    lines: list[Line]
    level: int
    parent: Box | None = None

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    def overlaps(self, other: Box) -> bool:
        return (
            self.x < other.right and other.x < self.right and self.y < other.bottom and other.y < self.bottom
        )


@dataclass(eq=False)
class Segment:
    """A straight, horizontal or vertical, connector line."""

    x1: float
    y1: float
    x2: float
    y2: float


@dataclass
class Layout:
    boxes: list[Box]
    segments: list[Segment]
    width: float
    height: float

    @property
    def root(self) -> Box:
        return self.boxes[0]


def label_lines(node: ChartNode) -> list[Line]:
    """The lines in a unit's box. Names are drawn as one line of text each, whatever was
    stored before names were cleaned (a line break, a control character)."""
    lines = [Line(t, NAME) for t in wrap(normalise_line(node.name), NAME, NAME_WRAP)]
    for post in node.posts:
        lines.extend(Line(t, POST) for t in wrap(normalise_line(post), POST, POST_WRAP))
    if node.hidden:
        lines.append(Line(f"+{node.hidden}", MORE))
    return lines


def _make_box(node: ChartNode, level: int) -> Box:
    lines = label_lines(node)
    w = math.ceil(max(MIN_BOX_WIDTH, max(text_width(line.text, line.style) for line in lines) + 2 * PAD_X))
    h = math.ceil(sum(line.style.line_height for line in lines) + 2 * PAD_Y)
    return Box(node, -w / 2, 0.0, w, h, lines, level)


@dataclass
class _Block:
    """A laid-out subtree: its own box first, coordinates relative to the box's centre line
    (x = 0) and top (y = 0); ``left`` and ``right`` are its extents either side of x = 0."""

    boxes: list[Box]
    segments: list[Segment]
    left: float
    right: float
    height: float

    @property
    def width(self) -> float:
        return self.left + self.right

    @property
    def box(self) -> Box:
        return self.boxes[0]

    @property
    def is_leaf(self) -> bool:
        return len(self.boxes) == 1

    def shift(self, dx: float, dy: float) -> None:
        for b in self.boxes:
            b.x += dx
            b.y += dy
        for s in self.segments:
            s.x1 += dx
            s.x2 += dx
            s.y1 += dy
            s.y2 += dy


def _take(block: _Block, child: _Block, dx: float, dy: float, parent: Box) -> None:
    child.shift(dx, dy)
    child.box.parent = parent
    block.boxes.extend(child.boxes)
    block.segments.extend(child.segments)
    block.left = max(block.left, child.left - dx)
    block.right = max(block.right, child.right + dx)
    block.height = max(block.height, child.height + dy)


def _chunks(items: list, count: int) -> list[list]:
    size = math.ceil(len(items) / count)
    return [items[i : i + size] for i in range(0, len(items), size)]


def _run_width(blocks: list[_Block]) -> float:
    return sum(b.width for b in blocks) + H_GAP * max(0, len(blocks) - 1)


def _split(row: list[_Block]) -> int:
    """Where a wrapped row parts around the vertical line: as evenly as it can."""
    total = sum(b.width for b in row)
    best, best_key, before = 0, (math.inf, math.inf), 0.0
    for s in range(len(row) + 1):
        if s:
            before += row[s - 1].width
        lw = before + H_GAP * max(0, s - 1)
        rw = total - before + H_GAP * max(0, len(row) - s - 1)
        key = (max(lw, rw), abs(lw - rw))
        if key < best_key:
            best, best_key = s, key
    return best


def _rows_size(blocks: list[_Block], rows: int) -> tuple[float, float]:
    if rows == 1:
        return _run_width(blocks), DROP + max(b.height for b in blocks)
    left = right = height = 0.0
    for row in _chunks(blocks, rows):
        s = _split(row)
        left = max(left, _run_width(row[:s]))
        right = max(right, _run_width(row[s:]))
        height += DROP + max(b.height for b in row) + ROW_GAP
    return left + right + 2 * SPINE_CLEAR, height


def _stack_size(blocks: list[_Block], columns: int) -> tuple[float, float]:
    cols = _chunks(blocks, columns)
    width = sum(STACK_INDENT + max(b.width for b in col) for col in cols) + H_GAP * (len(cols) - 1)
    height = max(sum(b.height for b in col) + STACK_GAP * (len(col) - 1) for col in cols)
    return width, height


def _best(candidates: range, size: Callable[[int], tuple[float, float]], aspect: float) -> int:
    def badness(n: int) -> float:
        w, h = size(n)
        return abs(math.log(w / max(h, 1.0) / aspect))

    return min(candidates, key=badness)


def _place(node: ChartNode, level: int) -> _Block:
    box = _make_box(node, level)
    block = _Block([box], [], box.w / 2, box.w / 2, box.h)
    y = box.h  # the vertical line under the box starts here
    spine_end = y

    # Staff units: beside the line, in pairs left and right (a lone one on the right), above
    # the row of departments.
    staff = [c for c in node.children if c.is_staff]
    if staff:
        y += STAFF_GAP
        for i in range(0, len(staff), 2):
            row_height = 0.0
            pair = staff[i : i + 2]
            for side, child in zip((-1, 1) if len(pair) == 2 else (1,), pair, strict=True):
                sub = _place(child, level + 1)
                dx = STAFF_STUB + sub.left if side == 1 else -STAFF_STUB - sub.right
                _take(block, sub, dx, y, box)
                mid = y + sub.box.h / 2
                edge = sub.box.x if side == 1 else sub.box.right
                block.segments.append(Segment(0, mid, edge, mid))
                spine_end = max(spine_end, mid)
                row_height = max(row_height, sub.height)
            y += row_height + STAFF_GAP
        y -= STAFF_GAP

    regular = [_place(c, level + 1) for c in node.children if not c.is_staff]
    if regular:
        if _run_width(regular) <= ROW_LIMIT or len(regular) == 1:
            spine_end = _place_row(block, box, regular, y)
        elif all(b.is_leaf for b in regular):
            candidates = range(1, min(len(regular), MAX_WRAPS) + 1)
            columns = _best(candidates, lambda n: _stack_size(regular, n), STACK_ASPECT)
            spine_end = _place_stack(block, box, regular, y, columns)
        else:
            # One row reads best (a big subtree beside a few small ones stays in it), unless
            # it becomes a ribbon: then rows around the line, as landscape as they come.
            width, height = _rows_size(regular, 1)
            if width / height <= MAX_ROW_ASPECT:
                spine_end = _place_row(block, box, regular, y)
            else:
                candidates = range(2, min(len(regular), MAX_WRAPS) + 1)
                rows = _best(candidates, lambda n: _rows_size(regular, n), ROW_ASPECT)
                spine_end = _place_rows(block, box, regular, y, rows)
    if spine_end > box.h:
        block.segments.append(Segment(0, box.h, 0, spine_end))
    return block


def _place_row(block: _Block, box: Box, row: list[_Block], y: float) -> float:
    """One row under a bus line, the parent centred over its first and last child."""
    bus = y + DROP
    top = bus + DROP
    anchors, cursor = [], 0.0
    for b in row:
        anchors.append(cursor + b.left)
        cursor += b.width + H_GAP
    offset = (anchors[0] + anchors[-1]) / 2
    for b, a in zip(row, anchors, strict=True):
        _take(block, b, a - offset, top, box)
        block.segments.append(Segment(a - offset, bus, a - offset, top))
    if len(row) > 1:
        block.segments.append(Segment(anchors[0] - offset, bus, anchors[-1] - offset, bus))
    return bus


def _place_rows(block: _Block, box: Box, blocks: list[_Block], y: float, rows: int) -> float:
    """Several rows, each parted around the vertical line, which runs down between them."""
    bus = y
    for row in _chunks(blocks, rows):
        bus += DROP
        top = bus + DROP
        s = _split(row)
        anchors = []
        cursor = -SPINE_CLEAR - _run_width(row[:s])
        for i, b in enumerate(row):
            if i == s:
                cursor = SPINE_CLEAR
            anchors.append(cursor + b.left)
            _take(block, b, cursor + b.left, top, box)
            block.segments.append(Segment(cursor + b.left, bus, cursor + b.left, top))
            cursor += b.width + H_GAP
        block.segments.append(Segment(min(anchors[0], 0), bus, max(anchors[-1], 0), bus))
        last = bus
        bus = top + max(b.height for b in row) + ROW_GAP - DROP
    return last


def _place_stack(block: _Block, box: Box, leaves: list[_Block], y: float, columns: int) -> float:
    """Leaves in columns, each box hanging to the right of its column's line."""
    cols = _chunks(leaves, columns)
    spines, cursor = [], 0.0
    for col in cols:
        spines.append(cursor)
        cursor += STACK_INDENT + max(b.width for b in col) + H_GAP
    if len(cols) == 1:
        bus, offset, top = y, 0.0, y + DROP
    else:
        bus = y + DROP
        top = bus + DROP / 2
        offset = (spines[0] + spines[-1]) / 2
        block.segments.append(Segment(spines[0] - offset, bus, spines[-1] - offset, bus))
    for col, spine in zip(cols, spines, strict=True):
        x = spine - offset
        cy = top
        for b in col:
            _take(block, b, x + STACK_INDENT + b.box.w / 2, cy, box)
            block.segments.append(Segment(x, cy + b.box.h / 2, x + STACK_INDENT, cy + b.box.h / 2))
            last_mid = cy + b.box.h / 2
            cy += b.height + STACK_GAP
        if len(cols) > 1:
            block.segments.append(Segment(x, bus, x, last_mid))
    block.left = max(block.left, offset - spines[0])
    return last_mid if len(cols) == 1 else bus


def layout(root: ChartNode) -> Layout:
    """Place every box of the chart; coordinates in CSS pixels from the top left."""
    block = _place(root, 0)
    block.shift(block.left + MARGIN, MARGIN)
    return Layout(
        boxes=block.boxes,
        segments=block.segments,
        width=math.ceil(block.width + 2 * MARGIN),
        height=math.ceil(block.height + 2 * MARGIN),
    )


# Drawing -----------------------------------------------------------------------------------

INK = "#1b1b1b"
LINE = "#4a4a4a"
ACCENT = "#00508c"


def box_colours(box: Box) -> tuple[str, str]:
    """Fill and border: political bodies blue, staff units grey, groups yellow."""
    kind = box.node.kind
    if kind in POLITICAL_KINDS:
        return "#e6eff7", ACCENT
    if kind in STAFF_KINDS:
        return "#f1efea", "#6b6b6b"
    if kind in GROUP_KINDS:
        return "#fff6dc", "#8a6d00"
    return "#ffffff", LINE


def baselines(box: Box, dy: float = 0.0) -> Iterator[tuple[Line, float]]:
    """Each line of ``box`` with the y of its baseline (the same in SVG and PNG)."""
    y = box.y + dy + PAD_Y
    for line in box.lines:
        yield line, y + (line.style.line_height - line.style.size) / 2 + line.style.size * 0.9
        y += line.style.line_height


@dataclass
class Heading:
    title: str
    subtitle: str

    def __post_init__(self) -> None:
        self.title, self.subtitle = normalise_line(self.title), normalise_line(self.subtitle)

    @property
    def height(self) -> float:
        return MARGIN + HEADING.line_height + SUBHEADING.line_height

    def width(self) -> float:
        return 2 * MARGIN + max(text_width(self.title, HEADING), text_width(self.subtitle, SUBHEADING))


def _fmt(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _path(segments: list[Segment], dy: float) -> str:
    parts = []
    for s in segments:
        parts.append(f"M{_fmt(s.x1)} {_fmt(s.y1 + dy)}")
        parts.append(f"H{_fmt(s.x2)}" if s.y1 == s.y2 else f"V{_fmt(s.y2 + dy)}")
    return "".join(parts)


def render_svg(
    chart: Layout,
    *,
    title: str,
    description: str,
    href: Callable[[ChartNode], str],
    heading: Heading | None = None,
    inline: bool = False,
    id_prefix: str = "chart",
) -> str:
    """The chart as an SVG document, every box a link to its unit's page.

    Standalone it is an image with a title and a description (``role="img"``). ``inline``
    gives a fragment for an HTML page that carries the same content as a list: the drawing
    is then hidden from assistive technology and its links kept out of the tab order."""
    dy = heading.height if heading else 0.0
    width = max(chart.width, heading.width() if heading else 0.0)
    height = chart.height + dy
    title, description = normalise_line(title), normalise_line(description)  # no control characters in XML
    e = escape
    out: list[str] = []
    if not inline:
        out.append('<?xml version="1.0" encoding="UTF-8"?>\n')
    a11y = (
        'aria-hidden="true" focusable="false"'
        if inline
        else f'role="img" aria-labelledby="{id_prefix}-title {id_prefix}-desc"'
    )
    out.append(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_fmt(width)}" height="{_fmt(height)}" '
        f'viewBox="0 0 {_fmt(width)} {_fmt(height)}" {a11y} class="org-chart-svg" '
        f'font-family="{e(SVG_FONT_FAMILY)}" font-size="{_fmt(POST.size)}">'
        f'<title id="{id_prefix}-title">{e(title)}</title>'
        f'<desc id="{id_prefix}-desc">{e(description)}</desc>'
        f'<rect width="100%" height="100%" fill="#ffffff"/>'
    )
    if heading:
        out.append(
            f'<text x="{_fmt(MARGIN)}" y="{_fmt(MARGIN + HEADING.size)}" font-size="{_fmt(HEADING.size)}" '
            f'font-weight="bold" fill="{INK}">{e(heading.title)}</text>'
            f'<text x="{_fmt(MARGIN)}" y="{_fmt(MARGIN + HEADING.line_height + SUBHEADING.size)}" '
            f'font-size="{_fmt(SUBHEADING.size)}" fill="{INK}">{e(heading.subtitle)}</text>'
        )
    out.append(
        f'<path d="{_path(chart.segments, dy)}" fill="none" stroke="{LINE}" stroke-width="1.5" '
        f'stroke-linecap="square"/>'
    )
    tab = ' tabindex="-1"' if inline else ""
    for box in chart.boxes:
        fill, stroke = box_colours(box)
        stroke_width = "2.5" if box.level == 0 else "1.25"
        out.append(
            f'<a href="{e(href(box.node))}"{tab}>'
            f'<rect x="{_fmt(box.x)}" y="{_fmt(box.y + dy)}" width="{_fmt(box.w)}" height="{_fmt(box.h)}" '
            f'rx="4" fill="{fill}" stroke="{stroke}" stroke-width="{stroke_width}"/>'
        )
        for line, base in baselines(box, dy):
            weight = ' font-weight="bold"' if line.style.bold else ""
            colour = ACCENT if line.style is MORE else INK
            out.append(
                f'<text x="{_fmt(box.cx)}" y="{_fmt(base)}" text-anchor="middle" '
                f'font-size="{_fmt(line.style.size)}"{weight} fill="{colour}">{e(line.text)}</text>'
            )
        out.append("</a>")
    out.append("</svg>")
    return "".join(out)


# A PNG is at most this many pixels on its long side and in all: a chart of 2,000 units would
# otherwise be 8,000 px wide, take seconds to compress and hundreds of MB to paint. Such a
# chart is read on the page (with its list) or as SVG; the PNG is for slides and documents.
MAX_PNG_SIDE = 4000
MAX_PNG_PIXELS = 12_000_000
PNG_COMPRESS_LEVEL = 1  # zlib's fastest: a chart is mostly flat colour, and level 6 costs 3× more
MIN_TEXT_PX = 3.0  # text smaller than this is not drawn: it would be grey noise


def png_size(chart: Layout, heading: Heading | None = None) -> tuple[float, float]:
    """The picture's size in CSS pixels, heading included."""
    dy = heading.height if heading else 0.0
    return max(chart.width, heading.width() if heading else 0.0), chart.height + dy


def png_scale(chart: Layout, heading: Heading | None = None) -> float:
    """Twice the CSS size for sharp text, less for large charts: within ``MAX_PNG_SIDE`` and
    ``MAX_PNG_PIXELS`` whatever the chart's size."""
    width, height = png_size(chart, heading)
    return min(2.0, MAX_PNG_SIDE / max(width, height), math.sqrt(MAX_PNG_PIXELS / (width * height)))


def render_png(chart: Layout, *, heading: Heading | None = None, scale: float | None = None) -> bytes:
    """The same drawing as ``render_svg``, painted by Pillow."""
    s = scale or png_scale(chart, heading)
    dy = heading.height if heading else 0.0
    width, height = png_size(chart, heading)
    size = (max(1, math.floor(width * s)), max(1, math.floor(height * s)))
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)

    def text(x: float, y: float, value: str, style: TextStyle, fill: str, anchor: str) -> None:
        if style.size * s < MIN_TEXT_PX:
            return
        f = font(style.size * s, style.bold) or ImageFont.load_default(style.size * s)
        draw.text((x * s, y * s), value, font=f, fill=fill, anchor=anchor)

    if heading:
        text(MARGIN, MARGIN + HEADING.size, heading.title, HEADING, INK, "ls")
        text(MARGIN, MARGIN + HEADING.line_height + SUBHEADING.size, heading.subtitle, SUBHEADING, INK, "ls")
    line_width = max(1, round(1.5 * s))
    for seg in chart.segments:
        draw.line(
            [(seg.x1 * s, (seg.y1 + dy) * s), (seg.x2 * s, (seg.y2 + dy) * s)], fill=LINE, width=line_width
        )
    for box in chart.boxes:
        fill, stroke = box_colours(box)
        draw.rounded_rectangle(
            [box.x * s, (box.y + dy) * s, box.right * s, (box.bottom + dy) * s],
            radius=4 * s,
            fill=fill,
            outline=stroke,
            width=max(1, round((2.5 if box.level == 0 else 1.25) * s)),
        )
        for line, base in baselines(box, dy):
            text(box.cx, base, line.text, line.style, ACCENT if line.style is MORE else INK, "ms")
    out = BytesIO()
    image.save(out, "PNG", compress_level=PNG_COMPRESS_LEVEL)
    return out.getvalue()


# Paper sizes in mm (landscape), and how many mm a CSS pixel is.
PAPER = {"A4": (297.0, 210.0), "A3": (420.0, 297.0)}
PAGE_MARGIN_MM = 10.0
HEADER_MM = 16.0
MM_PER_PX = 25.4 / 96
MIN_A4_SCALE = 0.75  # smaller than this, names go under 7 pt on A4: take A3
MAX_PAPER_SCALE = 1.25  # a small chart is enlarged this much at most


def paper_for(chart: Layout) -> tuple[str, float]:
    """A4 landscape when the chart fits it with readable text, otherwise A3; and the scale."""
    w_mm, h_mm = chart.width * MM_PER_PX, chart.height * MM_PER_PX
    for name in ("A4", "A3"):
        pw, ph = PAPER[name]
        scale = min(
            MAX_PAPER_SCALE, (pw - 2 * PAGE_MARGIN_MM) / w_mm, (ph - 2 * PAGE_MARGIN_MM - HEADER_MM) / h_mm
        )
        if scale >= MIN_A4_SCALE or name == "A3":
            return name, scale
    raise AssertionError("unreachable")


# Up to this many boxes a PDF draws the chart as SVG: sharp at any zoom, its names text. A
# bigger chart goes in as the PNG (WeasyPrint lays out each SVG text run on its own: 2,000
# units took 7–10 s), followed by the units as a list, so that the names stay text to read,
# search and copy.
PDF_VECTOR_BOXES = 200
# The picture in such a PDF: 2,400 px on the long side is about 150 dpi on A3 landscape (its
# names are too small to read at any resolution; the list after it carries them).
PDF_PNG_SIDE = 2400


def pdf_png_scale(chart: Layout) -> float:
    return min(2.0, PDF_PNG_SIDE / max(chart.width, chart.height))


def render_pdf(
    chart: Layout,
    drawing: str | bytes,
    *,
    title: str,
    subtitle: str,
    lang: str = "sv",
    index: str = "",
    index_heading: str = "",
) -> bytes:
    """A PDF with the title, the date and the chart on A4 or A3 landscape. ``drawing`` is the
    SVG text, or PNG bytes; ``index`` (safe HTML, a list of the units) follows the chart."""
    paper, scale = paper_for(chart)
    w_mm, h_mm = chart.width * MM_PER_PX * scale, chart.height * MM_PER_PX * scale
    if isinstance(drawing, bytes):
        src = f"data:image/png;base64,{base64.b64encode(drawing).decode()}"
    else:
        src = f"data:image/svg+xml;base64,{base64.b64encode(drawing.encode()).decode()}"
    e = escape
    after = (
        f'<h2 style="break-before: page">{e(index_heading)}</h2><div class="index">{index}</div>'
        if index
        else ""
    )
    html = (
        f'<!doctype html><html lang="{e(lang)}"><head><meta charset="utf-8"><title>{e(title)}</title>'
        f"<style>@page {{ size: {paper} landscape; margin: {PAGE_MARGIN_MM}mm; }}"
        f"body {{ font-family: 'DejaVu Sans', sans-serif; color: {INK}; margin: 0; }}"
        "h1 { font-size: 14pt; margin: 0 0 1mm; } p { font-size: 9pt; margin: 0 0 3mm; }"
        "h2 { font-size: 11pt; margin: 0 0 2mm; } img { display: block; }"
        ".index { font-size: 8pt; line-height: 1.25; }"  # one column: columns triple the time
        ".index p { margin: 0 0 1.5mm; }"
        "</style></head><body>"
        f"<h1>{e(title)}</h1><p>{e(subtitle)}</p>"
        f'<img src="{src}" alt="{e(title)}" style="width: {w_mm:.2f}mm; height: {h_mm:.2f}mm">'
        f"{after}</body></html>"
    )
    return html_to_pdf(html)
