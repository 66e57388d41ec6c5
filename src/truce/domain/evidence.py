"""Evidence files: stored by SHA-256, accepted only in a few types that are sniffed.

The declared ``Content-Type`` is a claim; the first bytes are the fact. A file
whose bytes do not match its claimed type is refused rather than stored under a
misleading type (a "photo" that is really an executable must never be served
back as ``image/png``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Final

from truce.errors import Invalid, TooLarge

ALLOWED_MEDIA_TYPES: Final = (
    "image/jpeg",
    "image/png",
    "image/webp",
    "application/pdf",
    "text/plain",
    "video/mp4",
)
DEFAULT_LIMIT: Final = 25 * 1024 * 1024
EXTENSIONS: Final = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
    "text/plain": ".txt",
    "video/mp4": ".mp4",
}


@dataclass(frozen=True)
class Evidence:
    sha256: str
    size: int
    media_type: str
    filename: str | None = None


def normalise_media_type(value: str) -> str:
    """``Text/Plain; charset=UTF-8`` → ``text/plain``."""
    return value.split(";", 1)[0].strip().lower()


def sniff(data: bytes) -> str | None:
    """The allowed type ``data`` really is, by its magic bytes; None when none fits."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if len(data) >= 12 and data[4:8] == b"ftyp":
        return "video/mp4"
    if b"\x00" not in data:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return "text/plain"
    return None


def clean_filename(name: str | None) -> str | None:
    """A display name without folders or control characters, at most 200 characters."""
    if name is None:
        return None
    base = re.split(r"[\\/]", name)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip().lstrip(".")
    return base[:200] or None


def check_evidence(
    data: bytes, media_type: str, limit: int = DEFAULT_LIMIT, filename: str | None = None
) -> Evidence:
    """Accept a file as evidence or raise TooLarge / Invalid saying why."""
    if len(data) > limit:
        raise TooLarge(f"evidence file is {len(data)} bytes; the limit is {limit} bytes")
    if not data:
        raise Invalid("evidence file is empty")
    claimed = normalise_media_type(media_type)
    if claimed not in ALLOWED_MEDIA_TYPES:
        raise Invalid(
            f"evidence type {claimed or '(none)'!r} is not accepted (accepted: {', '.join(ALLOWED_MEDIA_TYPES)})"
        )
    actual = sniff(data)
    if actual != claimed:
        what = f"looks like {actual}" if actual else "is none of the accepted types"
        raise Invalid(f"evidence file was sent as {claimed} but its content {what}")
    return Evidence(hashlib.sha256(data).hexdigest(), len(data), claimed, clean_filename(filename))
