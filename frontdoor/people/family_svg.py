"""A child's family as a simple diagram (WRK-6, issue 15 part 6): server-rendered SVG, no JavaScript.

The person is in the middle; parents and other adults who care for them above; brothers,
sisters and others in the household beside them; their own children below. Each box says the
relationship in words as well as the name, so nothing depends on position or colour; the SVG
is an image labelled by its <title> and <desc> (the whole family in a sentence), and the page
lists the same people in a table beside it. A restricted relative is a box that says
"Restricted record", with no name.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

ABOVE = frozenset(
    {
        "Mother",
        "Father",
        "Step-parent",
        "Person with parental responsibility",
        "Partner of a parent",
        "Alleged perpetrator",
    }
)
BELOW = frozenset(
    {
        "Child",
        "Stepchild",
        "Child they have parental responsibility for",
        "Child of their partner",
        "Alleged to have harmed",
    }
)

BOX_W, BOX_H, GAP_X, ROW_H, MARGIN = 170, 54, 16, 110, 12
INK, BLUE, GREY = "#0b0c0c", "#1d70b8", "#505a5f"


@dataclass(frozen=True)
class Relative:
    name: str  # "Restricted record" when the reader may not see them
    label: str  # what they are to the person in the middle: "Mother", "Half-sibling", "Other child of Liz Smith"
    ended: bool = False


def row_of(label: str) -> int:
    """0 above the person, 1 beside them, 2 below."""
    if label in ABOVE:
        return 0
    if label in BELOW:
        return 2
    return 1


def _box(x: float, y: float, name: str, label: str, *, centre: bool = False, ended: bool = False) -> str:
    stroke = BLUE if centre else (GREY if ended else INK)
    dash = ' stroke-dasharray="6 4"' if ended else ""
    label = f"{label} (ended)" if ended else label
    return (
        f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="4" fill="#ffffff" stroke="{stroke}" '
        f'stroke-width="{4 if centre else 2}"{dash}></rect>'
        f'<text x="{x + BOX_W / 2}" y="{y + 22}" text-anchor="middle" font-size="14" font-weight="bold" '
        f'fill="{INK}">{escape(_fit(name))}</text>'
        f'<text x="{x + BOX_W / 2}" y="{y + 42}" text-anchor="middle" font-size="13" fill="{INK}">'
        f"{escape(_fit(label, 26))}</text>"
    )


def _fit(text: str, limit: int = 22) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def describe(name: str, relatives: list[Relative]) -> str:
    if not relatives:
        return f"No relatives or household members are recorded for {name}."
    parts = [f"{r.name}, {r.label.lower()}{' (ended)' if r.ended else ''}" for r in relatives]
    return f"{name}'s family: " + "; ".join(parts) + "."


def render(name: str, relatives: list[Relative], element_id: str = "family") -> Markup:
    rows: list[list[Relative]] = [[], [], []]
    for r in relatives:
        rows[row_of(r.label)].append(r)
    beside = rows[1]
    left, right = beside[: len(beside) // 2], beside[len(beside) // 2 :]
    middle: list[Relative | None] = [*left, None, *right]  # None: the person in the middle
    widest = max(len(rows[0]), len(middle), len(rows[2]), 1)
    width = MARGIN * 2 + widest * BOX_W + (widest - 1) * GAP_X
    height = MARGIN * 2 + 2 * ROW_H + BOX_H

    def xs(count: int) -> list[float]:
        span = count * BOX_W + (count - 1) * GAP_X
        start = (width - span) / 2
        return [start + i * (BOX_W + GAP_X) for i in range(count)]

    centre_x = xs(len(middle))[middle.index(None)]
    cx, cy = centre_x + BOX_W / 2, MARGIN + ROW_H + BOX_H / 2
    lines: list[str] = []
    boxes: list[str] = []
    for row, people in ((0, rows[0]), (2, rows[2])):
        y = MARGIN + row * ROW_H
        for x, r in zip(xs(len(people)), people, strict=True):
            edge_y = y + BOX_H if row == 0 else y
            to_y = cy - BOX_H / 2 if row == 0 else cy + BOX_H / 2
            lines.append(
                f'<line x1="{x + BOX_W / 2}" y1="{edge_y}" x2="{cx}" y2="{to_y}" '
                f'stroke="{GREY}" stroke-width="2"></line>'
            )
            boxes.append(_box(x, y, r.name, r.label, ended=r.ended))
    y = MARGIN + ROW_H
    for x, slot in zip(xs(len(middle)), middle, strict=True):
        if slot is None:
            boxes.append(_box(x, y, name, "This record", centre=True))
            continue
        edge_x = x + BOX_W if x < centre_x else x
        lines.append(
            f'<line x1="{edge_x}" y1="{cy}" x2="{centre_x if x < centre_x else centre_x + BOX_W}" y2="{cy}" '
            f'stroke="{GREY}" stroke-width="2"></line>'
        )
        boxes.append(_box(x, y, slot.name, slot.label, ended=slot.ended))
    title_id, desc_id = f"{element_id}-title", f"{element_id}-desc"
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="fd-family" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px" aria-labelledby="{title_id} {desc_id}" focusable="false">'
        f'<title id="{title_id}">{escape(f"Family diagram of {name}")}</title>'
        f'<desc id="{desc_id}">{escape(describe(name, relatives))}</desc>' + "".join(lines) + "".join(boxes) + "</svg>"
    )
    return Markup(svg)  # noqa: S704 - every text above is escaped
