"""One line of JSONL at a time, so that a bad line is that line's error.

`pantau analyze` skips a bad line and goes on; training stops at one (a model trained on part
of a file would be wrong without anyone seeing it). Both read lines here, with the same
messages.
"""

from __future__ import annotations

import json
from typing import Any


def decode_line(raw: bytes | str, line_number: int) -> str:
    """``raw`` as text: UTF-8, without the byte-order mark a Windows tool puts on line 1.
    :class:`ValueError` names the first byte that is not UTF-8."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError(
                f"not UTF-8 (byte 0x{raw[exc.start]:02x} at byte {exc.start + 1})"
            ) from None
    return raw.removeprefix("\ufeff") if line_number == 1 else raw


def parse_object(raw: bytes | str, line_number: int) -> dict[str, Any]:
    """The JSON object on one line; :class:`ValueError` says what is wrong with it."""
    try:
        record = json.loads(decode_line(raw, line_number))
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, got {type(record).__name__}")
    return record
