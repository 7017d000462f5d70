"""The folders show the architecture: api → layers → gis, never back; gis imports no web framework."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WEB_FRAMEWORKS = {"fastapi", "starlette", "uvicorn"}


def test_import_contract_holds():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_domain_core_imports_no_web_framework():
    offenders = []
    for path in (ROOT / "gis").rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] in WEB_FRAMEWORKS
            ]
    assert offenders == []


def test_data_folder_is_never_imported():
    offenders = []
    for package in ("gis", "api", "layers"):
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text(), filename=str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "data":
                    offenders.append(str(path.relative_to(ROOT)))
                if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "data" for a in node.names):
                    offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
