"""The data behind the shared page parts in ``frontdoor/templates/components/``.

The table and summary-list macros hand GOV.UK Frontend's ``govukTable`` and ``govukSummaryList``
the parameters made here. A cell, key or value is given as a plain value (shown as text, so
escaped) or as markup a template made (a macro's output, a ``{% set %}...{% endset %}`` block,
in which Jinja escaped every value): only markup may become GOV.UK Frontend's ``html``, which is
never escaped again. A string that is not markup given as ``html`` is refused with an error
rather than shown, so a name can never reach a page unescaped by way of these parts.

``Deadline`` is the one shape of a row on a deadlines list, whichever record is due: a contact or
a referral (screening), a step of a child's pathway, an information request's reply.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

CAPTION_CLASSES = {
    "s": "govuk-table__caption--s",
    "m": "govuk-table__caption--m",
    "l": "govuk-table__caption--l",
    "hidden": "govuk-visually-hidden",  # a caption for screen readers only: the heading above says it
}


def is_markup(value: object) -> bool:
    return hasattr(value, "__html__")


def _checked(item: Mapping[str, Any]) -> dict[str, Any]:
    """A GOV.UK Frontend item given whole ({"text": ...} or {"html": ...} with its classes, format,
    colspan...): its html must be markup, its text a string."""
    result = dict(item)
    if result.get("html") and not is_markup(result["html"]):
        raise TypeError(f"'html' must be markup made by a template (escaped), not a plain string: {result['html']!r}")
    if "text" in result:
        result["text"] = "" if result["text"] is None else str(result["text"])
    return result


def cell(value: Any) -> dict[str, Any]:
    """One table cell, summary-list key or value: markup as html, anything else as escaped text."""
    if isinstance(value, Mapping):
        return _checked(value)
    if is_markup(value):
        return {"html": value}
    return {"text": "" if value is None else str(value)}


def table(
    caption: str | None,
    head: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    *,
    caption_size: str = "m",
    empty: str | None = None,
    first_cell_is_header: bool = False,
    classes: str = "",
) -> dict[str, Any]:
    """``govukTable``'s parameters. Every header cell has ``scope="col"`` and, with
    ``first_cell_is_header``, each row's first cell is a ``<th scope="row">``. With no rows and an
    ``empty`` text, one row says it across the table."""
    body = [[cell(value) for value in row] for row in rows]
    if not body and empty:
        body = [[{"text": empty, "colspan": max(len(head), 1)}]]
    params: dict[str, Any] = {"head": [cell(value) for value in head], "rows": body}
    if caption:
        params["caption"] = caption
        params["captionClasses"] = CAPTION_CLASSES[caption_size]
    if first_cell_is_header:
        params["firstCellIsHeader"] = True
    if classes:
        params["classes"] = classes
    return params


def summary_list(
    rows: Iterable[Any], *, classes: str = "", card: Mapping[str, Any] | None = None, keep_empty: bool = False
) -> dict[str, Any]:
    """``govukSummaryList``'s parameters. Each row is ``(key, value)`` or a whole GOV.UK Frontend row
    (with actions). A row that is ``None`` is left out, and so is one whose value is ``None`` or
    ``""`` (a page lists only what is known) unless ``keep_empty``."""
    items: list[dict[str, Any]] = []
    for row in rows:
        if row is None:
            continue
        if isinstance(row, Mapping):
            items.append(_row(row))
            continue
        key, value = row
        if (value is None or value == "") and not keep_empty:
            continue
        items.append({"key": cell(key), "value": cell(value)})
    params: dict[str, Any] = {"rows": items}
    if classes:
        params["classes"] = classes
    if card is not None:
        params["card"] = dict(card, title=_checked(card["title"])) if "title" in card else dict(card)
    return params


def _row(row: Mapping[str, Any]) -> dict[str, Any]:
    result = dict(row, key=cell(row["key"]), value=cell(row["value"]))
    if "actions" in row:
        items = [_checked(action) for action in row["actions"]["items"]]
        result["actions"] = dict(row["actions"], items=items)
    return result


@dataclass(frozen=True)
class Deadline:
    """One row of a deadlines list. The view that lists them builds it, having already left out
    what this user may not see (SEC-1): for a restricted record ``restricted`` is set, ``record``
    is empty when it would be someone's name (the link then reads "Restricted record") and
    ``sender`` is empty; the list shows the "Restricted record" tag in the sender's column when it
    has one, or else after the record's link."""

    record: str  # the link's text: a reference, or the child's name
    href: str
    title: str  # what is due
    source: str  # where the timescale comes from
    due: dt.date | dt.datetime
    state: str  # how near it is: policy.timescales.DueState
    restricted: bool = False
    note: str = ""  # a line under the link (a child's team)
    team: str = ""
    holder: str = ""  # who has it now
    sender: str = ""  # who asked (an information request)
    done: dt.date | None = None
    late: bool = False
    status: str = ""  # the record's own status (its code and label, for the page's own tag)
    status_label: str = ""


def holder(*people: Any) -> str:
    """Who has a record: the first of them there is (the one working on it, then the allocated
    worker), by name, or nobody yet."""
    return next((person.display_name for person in people if person is not None), "Nobody yet")
