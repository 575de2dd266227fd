"""Content-addressed raw storage: <data_dir>/raw/<sha[:2]>/<sha>; never overwritten."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from kb.settings import Settings


def raw_path(settings: Settings, sha256: str) -> Path:
    return settings.data_path / "raw" / sha256[:2] / sha256


def store_bytes(settings: Settings, data: bytes) -> tuple[str, Path]:
    """Store `data` under its sha256; an existing file is left as it is."""
    sha = hashlib.sha256(data).hexdigest()
    path = raw_path(settings, sha)
    if path.exists():
        return sha, path
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)
    return sha, path


def load_bytes(settings: Settings, sha256: str) -> bytes:
    return raw_path(settings, sha256).read_bytes()
