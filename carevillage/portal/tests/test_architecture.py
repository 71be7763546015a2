"""The rules of ARCHITECTURE.md and STYLE.md that a machine can check, read from the AST.

(a) views and template tags do not import another app's models (they call its selectors);
(b) writes use `access.atomic`, not `transaction.atomic` (outside access, audit, migrations);
(c) `record_event` is called only by audit, access and the login/logout code of identity;
(d) no import cycles between modules of carevillage (function-level imports included);
(e) actions passed to the access policy are `AuditAction` members, not string literals.

Each test lists every violation it finds, by file and line.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[2]
ROOT = PACKAGE_DIR.parent
POLICY_CALLS = {"decide", "require", "visible", "get", "record", "record_listing"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _app(path: Path) -> str:
    relative = path.relative_to(PACKAGE_DIR).parts
    return relative[0] if len(relative) > 1 else ""


def _is_test_or_migration(path: Path) -> bool:
    parts = path.relative_to(PACKAGE_DIR).parts
    return "tests" in parts or "migrations" in parts or path.name == "conftest.py"


@cache
def _source_files() -> tuple[Path, ...]:
    return tuple(
        path for path in sorted(PACKAGE_DIR.rglob("*.py")) if not _is_test_or_migration(path)
    )


@cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"


def _imported_modules(path: Path) -> Iterator[tuple[ast.AST, str]]:
    """Every module an import statement anywhere in the file names (absolute dotted names;
    `from x import y` yields `x.y` when y is a module of carevillage, else `x`)."""
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path.parent)
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")
                if node.level > 1:
                    base_parts = base_parts[: -(node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                yield node, candidate if candidate in _all_modules() else base


@cache
def _all_modules() -> frozenset[str]:
    return frozenset(_module_name(path) for path in sorted(PACKAGE_DIR.rglob("*.py")))


def _report(violations: list[str], what: str) -> str:
    per_app = Counter(line.split("/")[1] for line in violations)
    summary = ", ".join(f"{app}: {count}" for app, count in sorted(per_app.items()))
    return f"{len(violations)} {what} ({summary}):\n" + "\n".join(violations)


def _is_view_or_templatetag(path: Path) -> bool:
    parts = path.relative_to(PACKAGE_DIR).parts
    return path.name in {"views.py", "api.py"} or "views" in parts[:-1] or "templatetags" in parts


def test_views_and_template_tags_do_not_import_another_apps_models():
    violations = []
    for path in _source_files():
        if not _is_view_or_templatetag(path):
            continue
        own = _app(path)
        for node, module in _imported_modules(path):
            parts = module.split(".")
            if (
                len(parts) >= 3
                and parts[0] == "carevillage"
                and parts[2] == "models"
                and parts[1] != own
            ):
                violations.append(f"{_where(path, node)} imports {module}")
    assert violations == [], _report(violations, "imports of another app's models in views")


def test_writes_use_access_atomic_not_transaction_atomic():
    violations = []
    for path in _source_files():
        if _app(path) in {"access", "audit"}:
            continue
        for node in ast.walk(_tree(path)):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "atomic"
                and isinstance(node.value, ast.Name)
                and node.value.id == "transaction"
            ):
                violations.append(f"{_where(path, node)} transaction.atomic")
            elif isinstance(node, ast.ImportFrom) and node.module == "django.db.transaction":
                if any(alias.name == "atomic" for alias in node.names):
                    violations.append(f"{_where(path, node)} imports transaction.atomic")
    assert violations == [], _report(violations, "uses of transaction.atomic")


def _functions_with_calls(tree: ast.Module, name: str) -> Iterator[tuple[str, ast.Call]]:
    """(enclosing function name, call) for every call of `name` or `x.name`."""

    def visit(node: ast.AST, function: str) -> Iterator[tuple[str, ast.Call]]:
        for child in ast.iter_child_nodes(node):
            inner = (
                child.name
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
                else function
            )
            if isinstance(child, ast.Call):
                callee = child.func
                called = (
                    callee.id
                    if isinstance(callee, ast.Name)
                    else callee.attr
                    if isinstance(callee, ast.Attribute)
                    else ""
                )
                if called == name:
                    yield function, child
            yield from visit(child, inner)

    yield from visit(tree, "")


# Events that name no resource of a person's data, so no access handler is asked: an
# editor's work on an article, the organization's own staff records. Each entry says why;
# an entry that no longer matches a call fails the test, so the list only shrinks.
RECORD_EVENT_ALLOWED = {
    ("houses", "submit_for_review"): "an editor's article, not a person's data",
    ("houses", "review"): "a reviewer's decision on an article",
    ("houses", "flag_overdue_reviews"): "the scheduler flags an article",
    ("tenants", "_audit"): "staff roles and care-team memberships of the organization",
    ("tenants", "_refuse_own"): "a refused change of one's own staff role",
    ("tenants", "record_after_rollback"): "the same refusal, after the admin's rollback",
}


def test_record_event_is_called_only_by_audit_access_and_login_code():
    violations = []
    used = set()
    for path in _source_files():
        app = _app(path)
        if app in {"access", "audit"}:
            continue
        for function, call in _functions_with_calls(_tree(path), "record_event"):
            name = function or "module"
            is_login = app == "identity" and any(
                word in name for word in ("login", "log_in", "logout", "log_out")
            )
            if is_login:
                continue
            if (app, name) in RECORD_EVENT_ALLOWED:
                used.add((app, name))
                continue
            violations.append(f"{_where(path, call)} record_event in {name}")
    assert violations == [], _report(violations, "direct record_event calls")
    assert used == set(RECORD_EVENT_ALLOWED), (
        f"stale entries in RECORD_EVENT_ALLOWED: {set(RECORD_EVENT_ALLOWED) - used}"
    )


def _import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    modules = _all_modules()
    for path in _source_files():
        name = _module_name(path)
        edges = graph.setdefault(name, set())
        for _node, module in _imported_modules(path):
            if module in modules and module != name and module.startswith("carevillage."):
                edges.add(module)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0

    def connect(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    import sys

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10_000))
    try:
        for node in sorted(graph):
            if node not in index:
                connect(node)
    finally:
        sys.setrecursionlimit(limit)
    return components


def test_no_import_cycles_between_modules():
    graph = _import_graph()
    cycles = _cycles(graph)
    lines = []
    for component in cycles:
        members = set(component)
        links = [
            f"    {source} -> {target}"
            for source in component
            for target in sorted(graph[source] & members)
        ]
        lines.append(f"cycle of {len(component)} modules:\n" + "\n".join(links))
    apps = Counter(module.split(".")[1] for component in cycles for module in component)
    summary = ", ".join(f"{app}: {count}" for app, count in sorted(apps.items()))
    assert cycles == [], f"{len(cycles)} import cycles (modules per app: {summary}):\n" + "\n".join(
        lines
    )


def test_access_policy_is_asked_with_audit_actions_not_strings():
    violations = []
    for path in _source_files():
        for node in ast.walk(_tree(path)):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            callee = node.func
            if callee.attr not in POLICY_CALLS or not (
                isinstance(callee.value, ast.Name) and callee.value.id in {"access", "policy"}
            ):
                continue
            action = node.args[1] if len(node.args) > 1 else None
            for keyword in node.keywords:
                if keyword.arg == "action":
                    action = keyword.value
            if isinstance(action, ast.Constant) and isinstance(action.value, str):
                violations.append(f"{_where(path, node)} access.{callee.attr}({action.value!r})")
    assert violations == [], _report(violations, "string actions passed to the access policy")
