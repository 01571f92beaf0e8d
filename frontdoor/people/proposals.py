"""The relationships a contact states between the people linked from it, proposed for a member of
staff to confirm (WRK-6, issue 15 part 6). Nothing here writes: ``services.confirm_relationships``
records only what staff confirm.

The referrer's words are read as data: the role they gave each person (a child the worry is
about, a parent, someone who lives with the child) and what they wrote as the person's
relationship to the child ("mum", "mum's partner", "stepdad", "half-brother"). Two children of
one contact are proposed as siblings (staff may choose half-siblings). A relationship already
recorded between two people is not proposed again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from frontdoor.intake.models import CHILD_ROLES, Contact, PersonRole, YesNoUnknown
from frontdoor.people.models import Person, Relationship, RelationshipType

# The referrer's words, in the order they are tried: "mum's partner" is a partner, not a mother;
# "stepmum" a step-parent; "half-sister" a half-sibling. Words are whole words of the text.
WORDS: tuple[tuple[frozenset[str], RelationshipType], ...] = (
    (
        frozenset({"step", "stepmother", "stepfather", "stepmum", "stepdad", "stepparent", "stepmom"}),
        RelationshipType.STEP_PARENT,
    ),
    (
        frozenset({"partner", "boyfriend", "girlfriend", "husband", "wife", "fiance", "fiancee"}),
        RelationshipType.PARTNER_OF_PARENT,
    ),
    (frozenset({"half", "halfbrother", "halfsister"}), RelationshipType.HALF_SIBLING),
    (frozenset({"brother", "sister", "sibling"}), RelationshipType.SIBLING),
    (frozenset({"mother", "mum", "mom", "mummy", "mam"}), RelationshipType.MOTHER),
    (frozenset({"father", "dad", "daddy"}), RelationshipType.FATHER),
)
NOT_A_PARENT = frozenset(
    {
        "grandmother",
        "grandfather",
        "grandma",
        "grandad",
        "granddad",
        "nan",
        "nana",
        "grandparent",
        "aunt",
        "auntie",
        "uncle",
        "cousin",
        "friend",
        "neighbour",
        "foster",
    }
)


@dataclass(frozen=True)
class Proposal:
    """``person`` is the ``type`` of ``other``, as the contact states it, and why we think so."""

    person: Person
    other: Person
    type: RelationshipType
    why: str

    @property
    def key(self) -> str:
        return f"rel-{self.person.pk}-{self.other.pk}"


def type_from_words(text: str) -> RelationshipType | None:
    words = set(re.findall(r"[a-z]+", text.lower().replace("-", "")))
    if words & NOT_A_PARENT:
        return None
    for vocabulary, kind in WORDS:
        if words & vocabulary:
            return kind
    return None


def proposed(contact: Contact) -> list[Proposal]:
    """The relationships this contact states between its people linked to the index, not yet recorded."""
    linked = [
        (cp, cp.index_link.person)
        for cp in contact.people.select_related("index_link__person").order_by("position", "id")
        if getattr(cp, "index_link", None) is not None and cp.index_link.is_linked and cp.index_link.person
    ]
    ids = {p.pk for _, p in linked}
    recorded = {
        frozenset((a, b))
        for a, b in Relationship.objects.filter(person_id__in=ids, other_id__in=ids).values_list(
            "person_id", "other_id"
        )
    }
    children = [(cp, p) for cp, p in linked if cp.role in CHILD_ROLES]
    found: dict[frozenset[int], Proposal] = {}
    for index, (_, child) in enumerate(children):
        for _, brother in children[index + 1 :]:
            found.setdefault(
                frozenset((child.pk, brother.pk)),
                Proposal(child, brother, RelationshipType.SIBLING, "Both are children the contact is about"),
            )
    for cp, adult in linked:
        if cp.role in CHILD_ROLES:
            continue
        kind = type_from_words(cp.relationship_to_child)
        why = f'Described as "{cp.relationship_to_child}"' if kind else ""
        if kind is None and cp.role == PersonRole.PARENT and cp.has_parental_responsibility == YesNoUnknown.YES:
            kind, why = RelationshipType.PARENTAL_RESPONSIBILITY, "A parent with parental responsibility"
        if kind is None and cp.lives_with_child == YesNoUnknown.YES:
            kind, why = RelationshipType.HOUSEHOLD_MEMBER, "Lives with the child"
        if kind is None:
            continue
        for _, child in children:
            if adult.pk != child.pk:
                found.setdefault(frozenset((adult.pk, child.pk)), Proposal(adult, child, kind, why))
    return [p for pair, p in found.items() if pair not in recorded and len(pair) == 2]
