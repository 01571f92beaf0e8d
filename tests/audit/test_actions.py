"""SEC-2: what the audit log says was done is one enumeration (`Action`), with the plain words the
data protection officer reads. Nothing writes an action as free text."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

from frontdoor.accounts.models import Role
from frontdoor.audit import services as audit
from frontdoor.audit.actions import Action, by_label
from frontdoor.audit.models import AuditEntry
from tests.factories import staff

ROOTS = ("frontdoor", "bench")
# Where an action is given: (function or class called, position of the action, keywords that carry one).
WRITERS = {"record": (1, {"action"}), "append": (None, {"action"}), "Rule": (None, {"reads", "searches", "exports"})}


def sources() -> list[Path]:
    base = Path(settings.BASE_DIR)
    return sorted(p for root in ROOTS for p in (base / root).rglob("*.py") if "migrations" not in p.parts)


def action_arguments(tree: ast.AST) -> list[ast.expr]:
    """Every expression given as an audit action: record(actor, <here>, ...), append(action=<here>),
    and the permission matrix's Rule(reads=/searches=/exports=<here>)."""
    found: list[ast.expr] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if name not in WRITERS:
            continue
        position, keywords = WRITERS[name]
        if position is not None and len(node.args) > position:
            found.append(node.args[position])
        found += [k.value for k in node.keywords if k.arg in keywords]
    return found


def is_text(node: ast.expr) -> bool:
    """A string written in place: a literal, an f-string, or text joined to text."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return is_text(node.left) or is_text(node.right)
    if isinstance(node, ast.IfExp):
        return is_text(node.body) or is_text(node.orelse)
    return False


def test_sec2_no_audit_action_is_written_as_text() -> None:
    """Every record(), append() and matrix rule names its action as an `Action` member: a scan of the source."""
    offenders, checked = [], 0
    for path in sources():
        for node in action_arguments(ast.parse(path.read_text(encoding="utf-8"))):
            checked += 1
            if is_text(node):
                offenders.append(f"{path.relative_to(settings.BASE_DIR)}:{node.lineno}: {ast.unparse(node)}")
    assert checked >= 120, checked  # the scan finds the writers (about 130 today)
    assert not offenders, "audit actions written as text:\n" + "\n".join(offenders)


def test_sec2_the_scan_catches_an_action_written_as_text() -> None:
    """The scan above is not blind: it finds a literal, an f-string and a conditional string."""
    tree = ast.parse(
        'audit.record(user, "contact.viewed", contact)\n'
        'record(user, f"person.{decision}", link)\n'
        'append(actor=None, actor_label="x", action="bench.one_row", object_type="bench", object_id="0")\n'
        'Rule(EVERYONE, Scope.NONE, "Read", reads="contact.viewed")\n'
        'audit.record(admin, "account.activated" if on else "account.deactivated", user)\n'
        "audit.record(user, Action.CONTACT_VIEWED, contact)\n"
    )
    flagged = [is_text(node) for node in action_arguments(tree)]
    assert flagged == [True, True, True, True, True, False]


def test_sec2_every_action_is_written_somewhere() -> None:
    """No member is dead weight in the DPO's list: each is named by the code that writes it."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in sources() if p.name != "actions.py")
    unused = [a.name for a in Action if not re.search(rf"\bAction\.{a.name}\b", text)]
    assert not unused, unused


def test_sec2_every_action_has_plain_words() -> None:
    """A label for each: not the stored value, in sentence case, with no requirement numbers or codes,
    and no two alike (the DPO must tell them apart)."""
    labels = [str(a.label) for a in Action]
    assert len(set(labels)) == len(labels)
    assert len({a.value for a in Action}) == len(Action)
    for action in Action:
        label = str(action.label)
        assert label and label != action.value and label != action.name, action
        assert label[0].isupper() and not label.endswith("."), label
        assert not re.search(r"\b[A-Z]{2,4}-\d+\b", label), label  # no requirement IDs (SEC-2, INT-12)
        assert not re.search(r"[._][a-z]", label), label  # no stored values
        assert len(action.value) <= AuditEntry._meta.get_field("action").max_length, action  # type: ignore[operator]
    assert [label for _value, label in by_label()] == sorted(labels, key=str.casefold)


@pytest.mark.django_db
def test_sec2_record_and_append_refuse_an_action_given_as_text() -> None:
    """A string is refused at run time too (mypy refuses it before), even one that is a stored value."""
    user = staff(Role.SOCIAL_WORKER, "priya")
    for action in ("contact.viewed", "contact.looked_at"):
        with pytest.raises(TypeError, match="must be a member of frontdoor.audit.actions.Action"):
            audit.record(user, action, user)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="must be a member of frontdoor.audit.actions.Action"):
            audit.append(actor=None, actor_label="x", action=action, object_type="x", object_id="1")  # type: ignore[arg-type]
    assert not AuditEntry.objects.exists()
    entry = audit.record(user, Action.CONTACT_VIEWED, user)
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.action == "contact.viewed" and type(stored.action) is str  # the value, stored as before
    assert stored.get_action_display() == "Contact viewed"


@pytest.mark.django_db
def test_sec2_an_entry_with_a_value_no_longer_written_shows_that_value() -> None:
    """An old entry keeps its stored action (its MAC covers it): the search shows the value itself."""
    entry = AuditEntry(action="pathway.episode_viewed")
    assert entry.get_action_display() == "pathway.episode_viewed"


def test_sec2_adding_an_action_needs_no_migration() -> None:
    """The field's choices are read from `Action` (a callable), so the migration holds a reference, not a copy."""
    base = Path(settings.BASE_DIR) / "frontdoor" / "audit" / "migrations"
    text = "\n".join(p.read_text(encoding="utf-8") for p in base.glob("0*.py"))
    assert "choices=frontdoor.audit.actions.choices" in text
    assert "Contact claimed for screening" not in text
