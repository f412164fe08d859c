"""The house's floors, checked by reading the source (README, "Architecture").

Apps import only from the apps on the floors below them (INSTALLED_APPS lists
ours from the ground up), never another app's views, and no module or routed
view grows past the size a reader can hold."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(settings.BASE_DIR)
# Ours, in floor order (settings.INSTALLED_APPS lists them so).
APPS = [
    "core",
    "valuefan",
    "collectives",
    "casestudies",
    "areas",
    "contributions",
    "api",
]
MAX_MODULE_LINES = 500
MAX_VIEW_LINES = 40


def _modules() -> list[Path]:
    return sorted(
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    )


def _imports(path: Path) -> list[str]:
    """Every module a file imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            names.append(base)
            names += [f"{base}.{alias.name}" for alias in node.names]
    return names


def _app_of(module: str) -> str | None:
    head = module.split(".")[0]
    return head if head in APPS else None


def test_our_apps_are_installed_in_floor_order():
    ours = [app for app in settings.INSTALLED_APPS if app in APPS]
    assert ours == APPS


def test_an_app_imports_only_from_the_floors_below_it():
    upward = []
    for path in _modules():
        me = path.relative_to(ROOT).parts[0]
        for module in _imports(path):
            other = _app_of(module)
            if other and APPS.index(other) > APPS.index(me):
                upward.append(f"{path.relative_to(ROOT)} imports {module}")
    assert upward == []


def test_no_app_imports_another_apps_views():
    found = []
    for path in _modules():
        me = path.relative_to(ROOT).parts[0]
        for module in _imports(path):
            other = _app_of(module)
            if other and other != me and module.split(".")[1:2] == ["views"]:
                found.append(f"{path.relative_to(ROOT)} imports {module}")
    assert found == []


def test_the_app_graph_has_no_cycle():
    edges = {app: set() for app in APPS}
    for path in _modules():
        me = path.relative_to(ROOT).parts[0]
        for module in _imports(path):
            other = _app_of(module)
            if other and other != me:
                edges[me].add(other)

    def reachable(start: str) -> set[str]:
        seen, todo = set(), list(edges[start])
        while todo:
            app = todo.pop()
            if app not in seen:
                seen.add(app)
                todo += edges[app]
        return seen

    assert [app for app in APPS if app in reachable(app)] == []


def test_the_ground_floor_uses_no_app():
    for path in (ROOT / "core").rglob("*.py"):
        assert [m for m in _imports(path) if _app_of(m) not in (None, "core")] == []


def test_the_parser_sees_every_kind_of_import():
    """Relative, absolute and function-level imports all count, so the checks
    above can fail."""
    imports = _imports(ROOT / "collectives" / "views" / "compare.py")
    assert "valuefan.selectors" in imports  # absolute
    assert "collectives.selectors" in imports  # relative (from .. import)
    imports = _imports(ROOT / "core" / "content_version.py")
    assert "core.models.ContentVersion" in imports  # inside a function


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_longer_than_a_reader_holds(path):
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_MODULE_LINES, f"{lines} lines: split it by theme"


def _views(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def _own_routed_views():
    seen = {}
    for route, callback in _views(get_resolver().url_patterns):
        view = getattr(callback, "view_class", None) or inspect.unwrap(callback)
        module = getattr(view, "__module__", "")
        if _app_of(module) and view not in seen.values():
            seen[route] = view
    return sorted(seen.items())


def test_every_routed_view_is_found():
    routes = dict(_own_routed_views())
    assert "collectieven/<slug:slug>/" in "".join(routes)
    assert len(routes) > 30


@pytest.mark.parametrize(
    "route,view", _own_routed_views(), ids=[r for r, _v in _own_routed_views()]
)
def test_no_routed_view_is_longer_than_forty_lines(route, view):
    if inspect.isclass(view):
        # A class view: its own methods, each held to the same length.
        methods = [
            m
            for name, m in vars(view).items()
            if inspect.isfunction(m) and name in {"get", "post", "put", "dispatch"}
        ]
    else:
        methods = [view]
    for method in methods:
        lines = len(inspect.getsource(method).splitlines())
        assert lines <= MAX_VIEW_LINES, f"{method.__qualname__}: {lines} lines"
