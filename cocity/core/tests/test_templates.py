"""Template source checks that Django itself does not make."""

from __future__ import annotations

from pathlib import Path

import cocity

ROOT = Path(cocity.__file__).resolve().parent


def test_no_template_comment_spans_lines() -> None:
    """``{# … #}`` ends on its own line; opened and not closed there, Django prints the comment
    to the visitor as text. Longer notes go in ``{% comment %}``."""
    open_comments = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted(ROOT.rglob("templates/**/*"))
        if path.suffix in {".html", ".txt", ".xml"}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.count("{#") > line.count("#}")
    ]
    assert sorted(ROOT.rglob("templates/**/*.html")), "no templates found"
    assert not open_comments, open_comments
