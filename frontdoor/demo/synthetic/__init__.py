"""A synthetic UK population with families, and referrers' descriptions of its people (PPL-2).

In three modules: ``names`` (names of several backgrounds and how often each is drawn),
``population`` (households, relationships, postcodes, NHS numbers) and ``descriptions`` (what
referrers say about those people, labelled).

Used to train the matcher's weights (``train``: ``python -m frontdoor.demo.synthetic.train``),
in tests, as the demo's background population (frontdoor/demo/person_index.py) and by
bench/matching. No runtime module imports it: the matcher reads its trained parameters from
frontdoor/people/match_params.json.

Nothing here is real: names are drawn from lists of common names of several backgrounds,
postcodes are shaped like real ones, NHS numbers start with 9 (outside the ranges issued to
patients) and carry a valid modulus-11 check digit.

    population = generate_population(100_000, seed=1)
    queries = make_queries(population, 5_000, seed=2)   # [LabelledQuery(query, truth, kind)]

Everything is deterministic from the seed (no iteration over sets, no hashing of strings),
and cheap enough for a million people in well under a minute.

Relationships: ``Relationship(person_id, relative_id, kind)`` reads "relative_id is
person_id's <kind>". Kinds: mother, father (child to parent); partner_of_parent (child to
a parent's partner who is not their parent); sibling, half_sibling, household (adults
living together) are symmetric and appear once per pair. Twins are siblings; they are also
listed in ``Population.twins``.
"""

from frontdoor.demo.synthetic.descriptions import QUERY_KINDS, LabelledQuery, make_queries
from frontdoor.demo.synthetic.names import BACKGROUNDS, COMMON_NICKNAMES
from frontdoor.demo.synthetic.population import (
    RELATIONSHIP_KINDS,
    Population,
    Relationship,
    generate_population,
    is_valid_nhs_number,
    nhs_check_digit,
)

__all__ = [
    "BACKGROUNDS",
    "COMMON_NICKNAMES",
    "QUERY_KINDS",
    "RELATIONSHIP_KINDS",
    "LabelledQuery",
    "Population",
    "Relationship",
    "generate_population",
    "is_valid_nhs_number",
    "make_queries",
    "nhs_check_digit",
]
