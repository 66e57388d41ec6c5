"""Evidence acceptance: types are sniffed, sizes limited."""

from __future__ import annotations

import hashlib

import pytest

from truce.domain.evidence import check_evidence, clean_filename
from truce.errors import Invalid, TooLarge

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
SAMPLES = {
    "image/png": PNG,
    "image/jpeg": b"\xff\xd8\xff\xe0" + b"\x00" * 10,
    "image/webp": b"RIFF\x10\x00\x00\x00WEBPVP8 ",
    "application/pdf": b"%PDF-1.7\n...",
    "video/mp4": b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 8,
    "text/plain": "Mortar rounds at 07:40 — three.".encode(),
}


@pytest.mark.parametrize("media_type", sorted(SAMPLES))
def test_accepted_types(media_type: str) -> None:
    data = SAMPLES[media_type]
    ev = check_evidence(
        data, media_type.upper() + "; charset=x", limit=1000, filename="../../photo.png"
    )
    assert ev.sha256 == hashlib.sha256(data).hexdigest()
    assert (ev.size, ev.media_type, ev.filename) == (len(data), media_type, "photo.png")


def test_claimed_png_that_is_not_one_is_refused() -> None:
    with pytest.raises(Invalid, match="sent as image/png but its content looks like text/plain"):
        check_evidence(b"MZ this is not an image", "image/png")
    with pytest.raises(Invalid, match="is none of the accepted types"):
        check_evidence(b"\x00\x01\x02\xff", "image/png")


def test_refusals() -> None:
    with pytest.raises(TooLarge, match="limit is 10 bytes"):
        check_evidence(PNG, "image/png", limit=10)
    with pytest.raises(Invalid, match="empty"):
        check_evidence(b"", "image/png")
    with pytest.raises(Invalid, match="'application/x-msdownload' is not accepted"):
        check_evidence(b"MZ..", "application/x-msdownload")


def test_clean_filename() -> None:
    assert clean_filename("C:\\x\\.evil\nname.pdf") == "evilname.pdf"
    assert clean_filename("///") is None
