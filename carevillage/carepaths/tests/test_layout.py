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
