"""The shape of the carepaths app that a machine can check, read from the AST: program
templates never import enrollments, and the demo village writes through the services."""

from __future__ import annotations

import ast
from pathlib import Path

APP_DIR = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import in the file, relative ones made absolute."""
    package = "carevillage.carepaths." + ".".join(path.relative_to(APP_DIR).parent.parts)
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.rstrip(".").split(".")
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join(parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def test_program_templates_never_import_enrollments():
    violations = [
        f"{path.relative_to(APP_DIR)}:{line} imports {module}"
        for path in sorted((APP_DIR / "programs").rglob("*.py"))
        for line, module in _imports(path)
        if module.startswith("carevillage.carepaths.enrollments")
    ]
    assert violations == [], "\n".join(violations)


# The demo village is built through the services. The only direct writes left: the one
# helper that dates a finished history into the past (timestamp columns only, checked
# when it runs), and the fictional synthetic patients' identity records, which the
# identity app only makes at an e-ID login.
DEMO_WRITES_ALLOWED = {
    "_move_into_past": "dates rows the services wrote (timestamps only)",
    "_person": "a fictional patient's identity record",
    "_with_user": "the account an e-ID login would give the fictional patient",
}
WRITE_METHODS = {
    "create",
    "bulk_create",
    "update",
    "bulk_update",
    "get_or_create",
    "update_or_create",
    "delete",
    "save",
}


def test_the_demo_writes_rows_only_through_services():
    tree = ast.parse((APP_DIR / "demo.py").read_text())
    violations = []
    used = set()

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = (
                child.name
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
                else function
            )
            if (
                isinstance(child, ast.Call)
                and isinstance(child.func, ast.Attribute)
                and child.func.attr in WRITE_METHODS
            ):
                if function in DEMO_WRITES_ALLOWED:
                    used.add(function)
                else:
                    violations.append(
                        f"demo.py:{child.lineno} {ast.unparse(child.func)}() in {function or 'module'}"
                    )
            visit(child, inner)

    visit(tree, "")
    assert violations == [], "direct row writes in the demo:\n" + "\n".join(violations)
    assert used == set(DEMO_WRITES_ALLOWED), (
        f"stale entries in DEMO_WRITES_ALLOWED: {set(DEMO_WRITES_ALLOWED) - used}"
    )
