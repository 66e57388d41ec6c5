"""C2SP tlog-tiles paths and widths (c2sp.org/tlog-tiles), for static mirrors of the log.

A tile at level L, index N holds up to 256 hashes of tree level 8·L: nodes
N·256 … N·256+W−1, concatenated. Full tiles have W = 256 and live at ``tile/L/N``;
partial ones at ``tile/L/N.p/W``. N is written in 3-digit groups, all but the last
prefixed with ``x`` (1234067 → ``x001/x234/067``). Entry bundles live at
``tile/entries/N[.p/W]`` and hold each entry as a big-endian uint16 length and its bytes.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass

from truce.errors import Invalid, NotFound

TILE_HEIGHT = 8
TILE_WIDTH = 1 << TILE_HEIGHT
_GROUP = re.compile(r"[0-9]{3}")


@dataclass(frozen=True)
class TileRef:
    level: int | None  # None for an entry bundle
    index: int
    width: int  # 1..256

    def node_level(self) -> int:
        return (self.level or 0) * TILE_HEIGHT


def encode_index(index: int) -> str:
    groups = []
    while True:
        groups.append(f"{index % 1000:03d}")
        index //= 1000
        if index == 0:
            break
    groups.reverse()
    return "/".join(["x" + g for g in groups[:-1]] + [groups[-1]])


def tile_path(ref: TileRef) -> str:
    level = "entries" if ref.level is None else str(ref.level)
    suffix = "" if ref.width == TILE_WIDTH else f".p/{ref.width}"
    return f"tile/{level}/{encode_index(ref.index)}{suffix}"


def parse_tile_path(path: str) -> TileRef:
    """Parse the part after ``tile/``: ``<L>/<N>[.p/<W>]`` or ``entries/<N>[.p/<W>]``."""
    parts = path.strip("/").split("/")
    bad = Invalid(f"not a tile path: tile/{path}")
    if len(parts) < 2:
        raise bad
    head, rest = parts[0], parts[1:]
    width = TILE_WIDTH
    if len(rest) >= 2 and rest[-2].endswith(".p"):
        if not rest[-1].isdigit() or not 1 <= int(rest[-1]) < TILE_WIDTH or rest[-1][0] == "0":
            raise bad
        width = int(rest[-1])
        rest = [*rest[:-2], rest[-2][:-2]]
    if not _GROUP.fullmatch(rest[-1]) or not all(
        g.startswith("x") and _GROUP.fullmatch(g[1:]) for g in rest[:-1]
    ):
        raise bad
    index = int("".join(g.lstrip("x") for g in rest))
    if head == "entries":
        return TileRef(None, index, width)
    if not head.isdigit() or int(head) > 7 or (len(head) > 1 and head[0] == "0"):
        raise bad
    return TileRef(int(head), index, width)


def available_width(ref: TileRef, size: int) -> int:
    """How many of the tile's hashes (or entries) a tree of ``size`` leaves has."""
    count = size >> ref.node_level()
    return max(0, min(TILE_WIDTH, count - ref.index * TILE_WIDTH))


def check_available(ref: TileRef, size: int) -> None:
    if available_width(ref, size) < ref.width:
        raise NotFound(f"{tile_path(ref)} is not in the tree of size {size}")


def entry_bundle(entries: Sequence[bytes]) -> bytes:
    out = bytearray()
    for data in entries:
        if len(data) > 0xFFFF:
            raise Invalid("entry longer than 65535 bytes cannot go in an entry bundle")
        out += struct.pack(">H", len(data)) + data
    return bytes(out)
