"""The houses app's layers import one way: models <- selectors/services <- views."""

from __future__ import annotations

import ast
from pathlib import Path

HOUSES = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            prefix = "." * node.level + (node.module or "")
            found |= {prefix} | {
                f"{prefix}.{alias.name}".replace("..", ".") for alias in node.names
            }
    return found


def test_models_import_neither_selectors_nor_services_of_their_app():
    imported = imported_modules(HOUSES / "models.py")
    assert not {m for m in imported if m.lstrip(".").split(".")[0] in {"selectors", "services"}}
    assert not {m for m in imported if m.startswith("carevillage.houses.")}


def test_no_import_hides_inside_a_function():
    """An import inside a function is how a cycle hides; app loading (apps.ready) is the
    one place that needs it."""
    hidden = []
    for path in HOUSES.glob("**/*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path.name == "apps.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                hidden += [
                    f"{path.name}:{inner.lineno}"
                    for inner in ast.walk(node)
                    if isinstance(inner, ast.Import | ast.ImportFrom)
                ]
    assert hidden == []
