"""The site's one stylesheet is edited by every module (each appends a block of its own): a
block left open swallows every rule after it into a media query, and the pages after it lose
their layout on a wide screen without any error anywhere."""

from pathlib import Path

import tinycss2

import radhus

STYLESHEET = Path(radhus.__file__).parent / "core" / "static" / "radhus" / "radhus.css"


def test_each_modules_rules_are_at_the_top_level_where_they_are_written():
    """Rules written outside any media query apply on every screen: the case register's
    filters, the notice board's list, the goals' tree and chart."""
    rules = tinycss2.parse_stylesheet(STYLESHEET.read_text(encoding="utf-8"), skip_comments=True)
    top = {tinycss2.serialize(r.prelude).strip() for r in rules if r.type == "qualified-rule"}
    for selector in (
        ".register-filters",
        ".board-postings",
        ".goal-tree, .goal-tree ul",
        ".indicator-chart svg",
    ):
        assert selector in top, selector
    assert not [r for r in rules if r.type == "error"]
