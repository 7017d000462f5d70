"""Evidence files (photos, scanned documents) attached to tickets and marks.

Only JPEG, PNG, WebP and PDF are taken, recognised by their first bytes (a declared type
that disagrees with the content is refused), up to a size limit.  Files are stored once by
their SHA-256 under the evidence folder; records name them by digest.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from gis.errors import InvalidInput
from gis.uploads import sniff

DIGEST = re.compile(r"^[0-9a-f]{64}$")


class EvidenceTypeRefused(InvalidInput):
    code = "unsupported_media_type"


class EvidenceTooLarge(InvalidInput):
    code = "payload_too_large"


@dataclass(frozen=True)
class EvidenceFile:
    sha256: str
    name: str
    media_type: str
    size: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def safe_name(name: str | None) -> str:
    base = os.path.basename((name or "").replace("\\", "/")).strip() or "evidence"
    return re.sub(r"[^\w.\- ]", "_", base)[:120]


def check(data: bytes, declared: str | None, name: str | None, max_bytes: int) -> EvidenceFile:
    if len(data) > max_bytes:
        raise EvidenceTooLarge(f"{safe_name(name)} is larger than {max_bytes // (1024 * 1024)} MB")
    if not data:
        raise InvalidInput(f"{safe_name(name)} is empty")
    kind = sniff(data[:16])
    if kind is None:
        raise EvidenceTypeRefused(f"{safe_name(name)} is not a JPEG, PNG, WebP image or a PDF")
    media_type = kind[0]
    declared = (declared or "").split(";")[0].strip().lower()
    if declared and declared != "application/octet-stream" and declared != media_type:
        raise EvidenceTypeRefused(f"{safe_name(name)} is declared {declared} but is {media_type}")
    return EvidenceFile(hashlib.sha256(data).hexdigest(), safe_name(name), media_type, len(data))


def path_of(folder: Path, sha256: str) -> Path:
    if not DIGEST.match(sha256):
        raise InvalidInput("not a SHA-256 digest")
    return folder / sha256[:2] / sha256


def store(folder: Path, data: bytes, record: EvidenceFile) -> Path:
    """Write the file once under its digest (an identical file is already there)."""
    path = path_of(folder, record.sha256)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(path)
    return path
