"""The one-way floors between the project's apps, read from the source (every import statement,
at the top of a module or inside a function): ``home`` is the ground, ``news`` stands on it and
on the SOP engine, the engine (``sop_workflow``) stands on nothing of theirs, ``cms`` (the
project: settings and URLs) on all of them. No cycle between apps."""

import ast
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
APPS = ("home", "news", "sop_workflow", "users", "cms")


def imports_between_apps(base_dir=BASE_DIR):
    """{(importing app, imported app): ["path:line module", ...]} over the apps' source
    (migrations excluded: they are frozen history)."""
    edges = {}
    for app in APPS:
        for path in sorted((base_dir / app).rglob("*.py")):
            if "migrations" in path.relative_to(base_dir).parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules = [node.module]
                else:
                    continue
                for module in modules:
                    target = module.split(".")[0]
                    if target in APPS and target != app:
                        where = f"{path.relative_to(base_dir)}:{node.lineno} {module}"
                        edges.setdefault((app, target), []).append(where)
    return edges


def cycles(edges):
    """Every elementary cycle of the app graph, each as a list of apps [a, b, ..., a]."""
    graph = {}
    for source, target in edges:
        graph.setdefault(source, set()).add(target)
    found = []

    def walk(start, node, path):
        for target in sorted(graph.get(node, ())):
            if target == start:
                found.append([*path, start])
            elif target not in path and target > start:  # each cycle once, from its least app
                walk(start, target, [*path, target])

    for start in sorted(graph):
        walk(start, start, [start])
    return found


def describe(edges, cycle):
    return "\n".join(
        f"  {source} -> {target}: " + "; ".join(edges[(source, target)][:5])
        for source, target in zip(cycle, cycle[1:], strict=False)
    )


def test_the_checker_sees_a_cycle_and_an_import_inside_a_function(tmp_path):
    for app in APPS:
        (tmp_path / app).mkdir()
    (tmp_path / "home" / "a.py").write_text("def f():\n    from news.models import X\n")
    (tmp_path / "news" / "b.py").write_text("import home.models\n")
    (tmp_path / "news" / "migrations").mkdir()
    (tmp_path / "news" / "migrations" / "0001.py").write_text("import sop_workflow\n")
    edges = imports_between_apps(tmp_path)
    assert edges == {
        ("home", "news"): ["home/a.py:2 news.models"],
        ("news", "home"): ["news/b.py:1 home.models"],
    }
    assert cycles(edges) == [["home", "news", "home"]]


def test_home_imports_neither_news_nor_the_sop_engine():
    edges = imports_between_apps()
    wrong = {
        pair: where for pair, where in edges.items() if pair in {("home", "news"), ("home", "sop_workflow")}
    }
    assert not wrong, f"home is the ground floor, it imports no app above it: {wrong}"


def test_no_import_cycle_between_apps():
    edges = imports_between_apps()
    found = cycles(edges)
    assert not found, "Import cycles between apps:\n" + "\n\n".join(describe(edges, cycle) for cycle in found)


def test_the_sop_engine_imports_neither_news_nor_home():
    edges = imports_between_apps()
    wrong = {
        pair: where
        for pair, where in edges.items()
        if pair in {("sop_workflow", "news"), ("sop_workflow", "home")}
    }
    assert not wrong, (
        f"sop_workflow is an extension: it knows its host only through its registry and settings: {wrong}"
    )


def imports_of_test_modules(tests_dir=BASE_DIR / "tests"):
    """["path:line module", ...]: every import, anywhere in the suite, that reaches into a
    test_*.py module (helpers belong in the harness, tests/sop_harness.py)."""
    found = []
    for path in sorted(tests_dir.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = "." * node.level + (node.module or "")
                # "from tests.x import test_y" names the module among the imported names.
                modules = [base, *(f"{base}.{alias.name}" for alias in node.names)]
            else:
                continue
            for module in modules:
                if module.rstrip(".").rsplit(".", 1)[-1].startswith("test_"):
                    found.append((str(path.relative_to(tests_dir.parent)), node.lineno, module))
                    break
    return [f"{path}:{line} {module}" for path, line, module in sorted(found)]


def test_the_checker_sees_imports_from_test_modules(tmp_path):
    (tmp_path / "tests" / "news").mkdir(parents=True)
    (tmp_path / "tests" / "news" / "test_a.py").write_text(
        "from tests.sop_harness import submit\n"
        "from tests.news.test_b import helper\n"
        "def f():\n    from .test_c import other\n"
        "import tests.news.test_d\n"
        "from tests.news import test_e\n"
    )
    assert imports_of_test_modules(tmp_path / "tests") == [
        "tests/news/test_a.py:2 tests.news.test_b",
        "tests/news/test_a.py:4 .test_c",
        "tests/news/test_a.py:5 tests.news.test_d",
        "tests/news/test_a.py:6 tests.news.test_e",
    ]


def test_no_test_module_imports_from_another_test_module():
    found = imports_of_test_modules()
    assert not found, "helpers go into tests/sop_harness.py, not into a test module:\n  " + "\n  ".join(found)
