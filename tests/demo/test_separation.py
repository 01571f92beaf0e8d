"""The demonstration and the matcher's synthetic data stay out of the service: no module of the
runtime apps imports the demo package, at module level or inside a function (issue 14,
docs/decisions/0023-demo-and-tooling.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import frontdoor

PACKAGE = Path(frontdoor.__file__).parent
DEMO = PACKAGE / "demo"


def _imported_modules(source: str, path: Path) -> list[str]:
    """Every module an ``import`` or ``from ... import`` anywhere in the source of the module at
    ``path`` names, relative ones resolved, and ``from package import name`` also as
    ``package.name``."""
    tree = ast.parse(source, filename=str(path))
    module_parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module_parts[: len(module_parts) - node.level]
                if path.name == "__init__.py":
                    base = module_parts[: len(module_parts) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            names.append(module)
            names += [f"{module}.{alias.name}" for alias in node.names]
    return names


def _runtime_modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if DEMO not in p.parents)


def test_no_runtime_module_imports_the_demo_or_its_synthetic_data() -> None:
    runtime = _runtime_modules()
    assert len(runtime) > 100 and PACKAGE / "people" / "fitting.py" in runtime
    offending = {
        str(path.relative_to(PACKAGE.parent)): name
        for path in runtime
        for name in _imported_modules(path.read_text(encoding="utf-8"), path)
        if name == "frontdoor.demo" or name.startswith("frontdoor.demo.")
    }
    assert offending == {}


def test_the_check_sees_imports_inside_functions_and_relative_ones() -> None:
    # What a runtime module once did to dodge an import cycle, and the relative spelling of it.
    path = PACKAGE / "people" / "views.py"
    hidden = "def load():\n    from frontdoor.demo import synthetic\n\n    return synthetic\n"
    assert "frontdoor.demo.synthetic" in _imported_modules(hidden, path)
    assert "frontdoor.demo.load" in _imported_modules("from ..demo import load\n", path)
    assert _imported_modules("import frontdoor.demo.load as x\n", path) == ["frontdoor.demo.load"]
    assert _imported_modules("from frontdoor import demo\n", path) == ["frontdoor", "frontdoor.demo"]
