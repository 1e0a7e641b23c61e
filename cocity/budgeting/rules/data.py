"""Where the shared real-world data lives (``../shared/data`` beside the repository)."""

from __future__ import annotations

import json
import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]


def shared_data_dir() -> Path:
    """``$COCITY_SHARED_DATA`` if set, else ``<repo>/../shared/data`` (may not exist)."""
    env = os.environ.get("COCITY_SHARED_DATA")
    return Path(env) if env else (REPO_ROOT / "../shared/data").resolve()


def pabulib_dir() -> Path:
    return shared_data_dir() / "pabulib"


def pabulib_files() -> list[Path]:
    d = pabulib_dir()
    return sorted(d.glob("*.pb")) if d.is_dir() else []


def reference() -> dict:
    """REFERENCE.json's ``files`` (pabutools 1.2.3 outcomes per file and rule), or {}."""
    path = pabulib_dir() / "REFERENCE.json"
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))["files"]
