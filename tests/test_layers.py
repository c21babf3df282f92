"""The layers import one way: spiders -> scraper core -> archive / db / linkage / reporting
-> common.

Nothing under db/, archive/ or linkage/ imports the crawl (scraper) or the command line
(mirror); common/ imports no other package of the project; only the spiders import the
spiders. For deduplication in particular: db/ stores, linkage/ decides. Nothing under db/
imports linkage: db/ reads and writes the tables and returns plain rows (or its own small
dataclasses), and linkage/ builds its records from them. The workflow (linking, works,
decisions, the review queue, the index, the vector cache) is defined in linkage/ and
reachable from no db/ module.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import pkgutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import db
from linkage import index_store, members, service, vector_cache

REPO = Path(__file__).resolve().parents[1]
FORBIDDEN = "linkage"
PROJECT_PACKAGES = ("common", "archive", "db", "linkage", "reporting", "scraper", "mirror")
# folder (relative to the repository) -> the packages its modules must not import
LAYER_RULES: dict[str, tuple[str, ...]] = {
    "common": ("archive", "db", "linkage", "scraper", "mirror"),
    "db": ("linkage", "scraper", "mirror"),
    "archive": ("linkage", "scraper", "mirror"),
    "linkage": ("scraper", "mirror"),
    # run reports: read db/, drawn for both the crawl (MIRROR_REPORT) and `mirror report`
    "reporting": ("linkage", "scraper", "mirror"),
    "scraper": ("mirror",),
}

# What moved out of the old db/linking.py into linkage/, by the module defining it.
WORKFLOW: dict[ModuleType, tuple[str, ...]] = {
    service: (
        "link_pending",
        "link_after_crawl",
        "assign_all",
        "decide",
        "undo",
        "pending_reviews",
        "LinkReport",
        "ReviewItem",
    ),
    index_store: ("linkage_index", "build_index", "index_dir"),
    vector_cache: ("StoredVectors", "store_vectors", "unseen_texts", "save_vectors"),
    members: ("Members", "load_members", "full_records"),
}


def _is_forbidden(module: str, forbidden: tuple[str, ...] = (FORBIDDEN,)) -> bool:
    return any(module == name or module.startswith(f"{name}.") for name in forbidden)


def linkage_imports(path: Path, forbidden: tuple[str, ...] = (FORBIDDEN,)) -> list[str]:
    """``path:line: statement`` for every import of a `forbidden` package (linkage unless
    told) in the file at `path`: import statements anywhere in it (also inside
    functions), and importlib.import_module or __import__ called with a literal name."""
    source = path.read_text(encoding="utf-8")
    found: list[tuple[int, int, str]] = []
    for node in ast.walk(ast.parse(source, filename=str(path))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if (
                called in ("import_module", "__import__")
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                names = [first.value]
        if any(_is_forbidden(name, forbidden) for name in names):
            where = path.relative_to(REPO) if path.is_relative_to(REPO) else path
            statement = ast.get_source_segment(source, node)
            found.append((node.lineno, node.col_offset, f"{where}:{node.lineno}: {statement}"))
    return [line for *_, line in sorted(found)]


def _db_modules() -> list[ModuleType]:
    """Every importable module of db/ (the Alembic scripts run only under Alembic)."""
    names = [m.name for m in pkgutil.walk_packages(db.__path__, "db.")]
    return [db] + [importlib.import_module(n) for n in names if not n.startswith("db.migrations")]


def test_no_module_under_db_imports_linkage() -> None:
    files = sorted((REPO / "db").rglob("*.py"))
    assert len(files) > 10
    offending = [line for path in files for line in linkage_imports(path)]
    assert not offending, "db/ must not import linkage:\n" + "\n".join(offending)


@pytest.mark.parametrize("folder", sorted(LAYER_RULES))
def test_layers_import_one_way(folder: str) -> None:
    forbidden = LAYER_RULES[folder]
    files = sorted((REPO / folder).rglob("*.py"))
    assert files, f"no modules under {folder}/"
    offending = [line for path in files for line in linkage_imports(path, forbidden)]
    assert not offending, f"{folder}/ must not import {', '.join(forbidden)}:\n" + "\n".join(
        offending
    )


def test_only_spiders_import_spiders() -> None:
    core = [p for p in sorted((REPO / "scraper").rglob("*.py")) if "spiders" not in p.parts]
    assert len(core) > 5
    offending = [line for path in core for line in linkage_imports(path, ("scraper.spiders",))]
    assert not offending, "the scraper core must not import the spiders:\n" + "\n".join(offending)


def test_the_layer_check_fails_on_an_upward_import(tmp_path: Path) -> None:
    module = tmp_path / "store.py"
    module.write_text("from common.text import fold_name\nfrom scraper.items import X\n")
    assert linkage_imports(module, LAYER_RULES["db"]) == [
        f"{module}:2: from scraper.items import X"
    ]
    assert linkage_imports(module, LAYER_RULES["scraper"]) == []


def test_the_import_check_finds_every_form(tmp_path: Path) -> None:
    module = tmp_path / "offender.py"
    module.write_text(
        "import importlib\n"
        "import linkage\n"
        "import linkage.index as idx\n"
        "from linkage.service import link_pending\n"
        "from linkage import service\n"
        "def late():\n"
        "    from linkage.embed import Embedder\n"
        "    return importlib.import_module('linkage.scoring'), __import__('linkage')\n"
        "import linkages, db.linkage_notes\n"
        "from . import linkage as local\n",
        encoding="utf-8",
    )
    found = linkage_imports(module)
    assert [line.split(":")[1] for line in found] == ["2", "3", "4", "5", "7", "8", "8"]
    assert found[2] == f"{module}:4: from linkage.service import link_pending"


def test_importing_db_loads_no_linkage_module() -> None:
    # A fresh interpreter: this one has imported linkage already.
    script = (
        "import sys, importlib, pkgutil, db\n"
        "for m in pkgutil.walk_packages(db.__path__, 'db.'):\n"
        "    if not m.name.startswith('db.migrations'):\n"
        "        importlib.import_module(m.name)\n"
        "print(sorted(n for n in sys.modules if n == 'linkage' or n.startswith('linkage.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", f"importing db/ loaded {result.stdout.strip()}"


@pytest.mark.parametrize(
    ("module", "name"), [(module, name) for module, names in WORKFLOW.items() for name in names]
)
def test_workflow_is_defined_in_linkage_and_not_reachable_from_db(
    module: ModuleType, name: str
) -> None:
    defined = getattr(module, name)
    assert defined.__module__ == module.__name__, f"{module.__name__}.{name} is a re-export"
    for db_module in _db_modules():
        assert not hasattr(db_module, name), f"{db_module.__name__}.{name} exists"
        holders = [attr for attr, value in vars(db_module).items() if value is defined]
        assert not holders, f"{db_module.__name__}.{holders[0]} is {module.__name__}.{name}"


def test_db_modules_hold_nothing_from_linkage() -> None:
    held = [
        f"{db_module.__name__}.{attr} ({origin})"
        for db_module in _db_modules()
        for attr, value in vars(db_module).items()
        # a function or class keeps the module it was defined in; a module its name
        for origin in (getattr(value, "__module__", None), getattr(value, "__name__", None))
        if isinstance(origin, str) and _is_forbidden(origin)
    ]
    assert not held, "db/ modules hold linkage objects: " + ", ".join(held)


def test_the_old_mixed_module_is_gone() -> None:
    assert importlib.util.find_spec("db.linking") is None
    assert not (REPO / "db" / "linking.py").exists()
