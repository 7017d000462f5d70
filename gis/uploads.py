"""Evidence files (photos, PDFs) checked by what they are, not by what they claim to be."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from gis.errors import InvalidInput

# magic numbers: what the first bytes of each accepted file type are
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"%PDF-", "application/pdf", "pdf"),
)
WEBP = ("image/webp", "webp")


@dataclass(frozen=True)
class StoredFile:
    name: str
    media_type: str
    size: int


def sniff(head: bytes) -> tuple[str, str] | None:
    for magic, media_type, ext in SIGNATURES:
        if head.startswith(magic):
            return media_type, ext
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    return None


def store_evidence(folder: Path, content: bytes, allowed: set[str], max_bytes: int, label: str) -> StoredFile:
    """Keep ``content`` under ``folder`` when it really is an allowed type and small enough."""
    if not content:
        raise InvalidInput(f"{label} is empty")
    if len(content) > max_bytes:
        raise InvalidInput(f"{label} is larger than {max_bytes // 1024 // 1024} MB")
    kind = sniff(content[:16])
    if kind is None or kind[0] not in allowed:
        raise InvalidInput(f"{label} is not one of: {', '.join(sorted(allowed))}")
    media_type, ext = kind
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.{ext}"
    (folder / name).write_bytes(content)
    return StoredFile(name, media_type, len(content))
