"""The wire format shared with ``execgym serve`` and ``proc:`` policies (experiments/serve/frame.ts).

One frame per message::

    u32 LE header length H | u32 LE payload length P | H bytes UTF-8 JSON header | P bytes payload

The header lists the payload's arrays in order as ``[name, dtype, length]``; the payload is their raw
little-endian bytes back to back. Numbers travel as IEEE bytes, so they round-trip bit for bit.
"""

from __future__ import annotations

import json
import struct
from typing import BinaryIO, Dict, Iterable, Mapping, Optional, Tuple

import numpy as np

DTYPES: Dict[str, np.dtype] = {
    "f64": np.dtype("<f8"),
    "f32": np.dtype("<f4"),
    "i32": np.dtype("<i4"),
    "u8": np.dtype("u1"),
}
# numpy's dtype.str without the byte-order mark -> frame code (booleans travel as uint8).
_CODES = {"f8": "f64", "f4": "f32", "i4": "i32", "u1": "u8", "b1": "u8"}
_LENGTHS = struct.Struct("<II")


class FrameError(RuntimeError):
    """The peer sent bytes that are not a frame, or closed the stream mid-frame."""


def encode_frame(header: Mapping, arrays: Iterable[Tuple[str, np.ndarray]] = ()) -> bytes:
    """One frame's bytes: ``header`` as JSON with the array table, ``arrays`` as the payload."""
    table = []
    chunks = []
    for name, array in arrays:
        array = np.asarray(array)
        code = _CODES.get(array.dtype.str[1:])
        if code is None:
            raise TypeError(f"array {name!r} has dtype {array.dtype}; frames carry float64, float32, int32 or uint8")
        table.append([name, code, int(array.size)])
        chunks.append(np.ascontiguousarray(array, dtype=DTYPES[code]).tobytes())
    full = dict(header, arrays=table) if table else dict(header)
    head = json.dumps(full, separators=(",", ":")).encode("utf-8")
    payload = b"".join(chunks)
    return _LENGTHS.pack(len(head), len(payload)) + head + payload


def _read_exactly(stream: BinaryIO, size: int) -> Optional[bytes]:
    data = stream.read(size)
    if data is None or len(data) == 0:
        return None
    while len(data) < size:
        more = stream.read(size - len(data))
        if not more:
            raise FrameError(f"stream ended inside a frame ({len(data)} of {size} bytes)")
        data += more
    return data


def read_frame(stream: BinaryIO) -> Optional[Tuple[dict, Dict[str, np.ndarray]]]:
    """The next frame from ``stream`` as (header without ``arrays``, name -> array), or None at end of stream."""
    lengths = _read_exactly(stream, 8)
    if lengths is None:
        return None
    header_length, payload_length = _LENGTHS.unpack(lengths)
    body = _read_exactly(stream, header_length + payload_length) if header_length + payload_length else b""
    if body is None:
        raise FrameError("stream ended inside a frame")
    try:
        header = json.loads(body[:header_length].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FrameError(f"frame header is not valid JSON ({error})") from None
    if not isinstance(header, dict):
        raise FrameError(f"frame header must be a JSON object, got {header!r:.60}")
    arrays: Dict[str, np.ndarray] = {}
    offset = header_length
    for entry in header.pop("arrays", []):
        name, code, length = entry
        dtype = DTYPES[code]
        # frombuffer views the received bytes (read-only); copy() gives a writable, aligned array.
        arrays[name] = np.frombuffer(body, dtype=dtype, count=length, offset=offset).copy()
        offset += length * dtype.itemsize
    if offset != len(body):
        raise FrameError(f"frame payload has {payload_length} bytes but its arrays take {offset - header_length}")
    return header, arrays


def write_frame(stream: BinaryIO, header: Mapping, arrays: Iterable[Tuple[str, np.ndarray]] = ()) -> None:
    """Writes one frame and flushes, so that the peer sees it at once."""
    stream.write(encode_frame(header, arrays))
    stream.flush()
