"""Names of things as people read them (issue 17): "NHS number", not "Nhs number"; "LADO", not
"Lado". Field names and queue names are code; these are the words on the page."""

from __future__ import annotations

from frontdoor.policy import routing

# Words written in capitals wherever they appear (GOV.UK style keeps an acronym's capitals).
ACRONYMS = {"nhs": "NHS", "lado": "LADO", "mash": "MASH", "gp": "GP", "uk": "UK", "cin": "CIN", "pr": "PR"}

QUEUE_LABELS = {
    routing.Queue.SCREENING: "Screening",
    routing.Queue.FAST_TRACK: "Fast track",
    routing.Queue.OUT_OF_HOURS: "Out of hours",
    routing.Queue.RETURNED: "Returned",
    routing.Queue.LADO: "LADO",
}


def label(name: str) -> str:
    """A field or code name in sentence case, acronyms in capitals: "nhs_number" -> "NHS number"."""
    words = [w for w in name.replace("_", " ").replace("-", " ").split(" ") if w]
    out = []
    for i, word in enumerate(words):
        if word.lower() in ACRONYMS:
            out.append(ACRONYMS[word.lower()])
        else:
            out.append(word.capitalize() if i == 0 else word.lower())
    return " ".join(out)


def queue_label(queue: str) -> str:
    return QUEUE_LABELS.get(queue) or label(queue)
