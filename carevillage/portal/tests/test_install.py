"""A production install carries no test tools: the running village imports only what the
runtime lock (requirements/base.txt) installs, and that lock holds no dev-group package."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[3]
# Code that only runs under test or development: the test suite, its vocabulary and the
# `make run` launcher (which starts the dev e-ID provider as a separate process).
NOT_RUNTIME = ("/tests/", "/testing/", "/migrations/")


def _lock(name: str) -> set[str]:
    names = set()
    for line in (ROOT / "requirements" / name).read_text().splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "-r")):
            names.add(canonicalize_name(re.split(r"[=<>\[ ;]", line)[0]))
    return names


def _imported_top_level_modules() -> dict[str, str]:
    modules: dict[str, str] = {}
    for path in (ROOT / "carevillage").rglob("*.py"):
        text = str(path)
        if any(part in text for part in NOT_RUNTIME):
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=text)):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    modules.setdefault(alias.name.split(".")[0], text)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.setdefault(node.module.split(".")[0], text)
    return modules


def test_runtime_code_imports_only_what_the_runtime_lock_installs():
    runtime = _lock("base.txt")
    distributions = importlib.metadata.packages_distributions()
    outside = []
    for module, where in sorted(_imported_top_level_modules().items()):
        if module in sys.stdlib_module_names or module in {"carevillage", "__future__"}:
            continue
        dists = {canonicalize_name(d) for d in distributions.get(module, [module])}
        if not dists & runtime:
            outside.append(f"{module} ({', '.join(sorted(dists))}) imported by {where}")
    assert not outside, "runtime code imports packages missing from requirements/base.txt:\n" + (
        "\n".join(outside)
    )


def test_the_runtime_lock_holds_no_development_tool():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    dev_group = {
        canonicalize_name(re.split(r"[=<>\[ ;]", spec)[0])
        for spec in project["dependency-groups"]["dev"]
    }
    assert dev_group, "the dev dependency group is empty"
    assert not (dev_group & _lock("base.txt"))
    assert dev_group <= _lock("dev.txt") | _lock("base.txt")


def test_every_runtime_dependency_is_pinned_in_the_lock():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    declared = {
        canonicalize_name(re.split(r"[=<>\[ ;]", spec)[0])
        for spec in project["project"]["dependencies"]
    }
    assert declared <= _lock("base.txt")
