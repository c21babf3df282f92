"""`mirror` starts light: help and --version load no database, crawler or linkage code;
help reads well (flags without a type) and names only files the project has."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mirror.app_options import version_text
from tests.crawl_helpers import REPO, _env, mirror

# What made every `mirror` command take seconds before it did anything: SciPy through
# datasketch (linkage), then numpy, SQLAlchemy and Scrapy.
HEAVY_MODULES = (
    *("scipy", "datasketch", "numpy", "sqlalchemy", "scrapy", "linkage", "warcio"),
    *("datasette", "matplotlib", "pyarrow", "frictionless", "wacz"),
)

HELP_CASES = [
    ["--help"],
    ["search", "--help"],
    ["show", "--help"],
    ["stats", "--help"],
    ["export", "--help"],
    ["link", "--help"],
    ["match", "--help"],
    ["review", "--help"],
    ["corpus", "import", "--help"],
    ["demo", "--help"],
    ["reparse", "--help"],
    ["replica", "serve", "--help"],
    ["serve", "--help"],
    ["report", "--help"],
    ["--version"],
]

# Runs the app in a fresh interpreter, then reports which modules it had loaded.
_LOADED_AFTER = """
import json, sys
from mirror.cli import app
try:
    app(sys.argv[1:], prog_name="mirror")
except SystemExit:
    pass
sys.__stdout__.write("\\n" + json.dumps(sorted(sys.modules)) + "\\n")
"""


def _modules_loaded_by(args: list[str]) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", _LOADED_AFTER, *args],
        cwd=REPO,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("args", HELP_CASES, ids=" ".join)
def test_help_and_version_load_nothing_heavy(args: list[str]) -> None:
    loaded = _modules_loaded_by(args)

    heavy = sorted(m for m in loaded if m.split(".")[0] in HEAVY_MODULES)
    assert not heavy, f"`mirror {' '.join(args)}` imported {heavy[:10]}"


def test_version_prints_the_installed_version() -> None:
    result = mirror("--version")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == version_text()
    assert re.fullmatch(r"mirror \d+\.\d+\.\d+\S*", result.stdout.strip())


@pytest.mark.parametrize("args", HELP_CASES[:-1], ids=" ".join)
def test_help_shows_flags_without_a_type(args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mirror.cli", *args],
        cwd=REPO,
        env=_env({"COLUMNS": "120", "NO_COLOR": "1"}),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "--help" in result.stdout
    assert "<bool>" not in result.stdout


def test_shell_completion_completes_commands_and_options() -> None:
    """What the script `mirror --show-completion bash` installs asks `mirror` itself."""
    script = mirror("--show-completion", "bash")

    def complete(words: str) -> list[str]:
        env = _env({"COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1)})
        env["_MIRROR_COMPLETE"] = "complete_bash"
        result = subprocess.run(
            [str(Path(sys.executable).parent / "mirror")],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        return result.stdout.split()

    assert "complete -o default -F _mirror_completion mirror" in script.stdout
    assert complete("mirror sea") == ["search"]
    assert complete("mirror search --off") == ["--offset"]


def test_search_help_documents_the_query_language() -> None:
    text = " ".join(mirror("search", "--help").stdout.split())

    for described in ("Every word must match", '"lighthouse keeper"', "OR", "-rock", "light*"):
        assert described in text
    assert "--offset" in text and "highlights" in text


def _project_files() -> list[Path]:
    tracked = subprocess.run(
        ["git", "ls-files", "*.py", "*.md", "Makefile", "*.toml"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [REPO / name for name in tracked if (REPO / name).is_file()]


@pytest.mark.parametrize("document", ["CONTRACT.md", "COMMON.md"])
def test_nothing_cites_documents_outside_the_repository(document: str) -> None:
    assert not (REPO / document).exists()  # if it is ever added, this test can go
    citing = [
        str(path.relative_to(REPO))
        for path in _project_files()
        if path.name != Path(__file__).name and document in path.read_text(encoding="utf-8")
    ]
    assert not citing


def test_alembic_is_quiet_unless_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from db.migrate import upgrade

    caplog.set_level(logging.DEBUG)
    monkeypatch.delenv("MIRROR_LOG_LEVEL", raising=False)
    upgrade(f"sqlite:///{tmp_path / 'quiet.db'}")
    quiet = [r for r in caplog.records if r.name.startswith("alembic")]
    caplog.clear()
    monkeypatch.setenv("MIRROR_LOG_LEVEL", "INFO")
    upgrade(f"sqlite:///{tmp_path / 'told.db'}")
    told = [r.getMessage() for r in caplog.records if r.name.startswith("alembic")]

    assert quiet == []
    assert any(message.startswith("Running upgrade") for message in told)
