#!/usr/bin/env python3
"""Writes zstd_three_events.aedat4: tests/fuzz/corpus/fuzz_aedat/aedat4_lz4_three_events (written by reef's AEDAT 4
writer) with every LZ4 frame (packets and data table) recompressed as a Zstd frame by the zstd command-line tool and
the IOHeader's compression set to 3 (ZSTD), so the test can check that Zstd packets decode to the same events.
Run: /usr/bin/python3 make_zstd_sample.py (needs python3-lz4 and the zstd tool)."""
import pathlib
import struct
import subprocess

import lz4.frame

here = pathlib.Path(__file__).parent
source = (here / "../../fuzz/corpus/fuzz_aedat/aedat4_lz4_three_events").read_bytes()


def zstd(data):
    return subprocess.run(["zstd", "-q", "-c", "-19"], input=data, stdout=subprocess.PIPE, check=True).stdout


def header_fields(header):
    """Absolute positions of the IOHeader's compression and dataTablePosition fields."""
    table = 18 + struct.unpack("<I", header[18:22])[0]
    vtable = table - struct.unpack("<i", header[table:table + 4])[0]
    compression, position = struct.unpack("<2H", header[vtable + 4:vtable + 8])
    return table + compression, table + position


length = struct.unpack("<I", source[14:18])[0]
header = bytearray(source[:18 + length])
compression_at, position_at = header_fields(header)
table_position = struct.unpack("<q", header[position_at:position_at + 8])[0]
packets = b""
pos = len(header)
while pos < table_position:
    stream, size = struct.unpack("<ii", source[pos:pos + 8])
    payload = zstd(lz4.frame.decompress(source[pos + 8:pos + 8 + size]))
    packets += struct.pack("<ii", stream, len(payload)) + payload
    pos += 8 + size
table = zstd(lz4.frame.decompress(source[table_position:]))
header[compression_at:compression_at + 4] = struct.pack("<i", 3)
header[position_at:position_at + 8] = struct.pack("<q", len(header) + len(packets))
(here / "zstd_three_events.aedat4").write_bytes(bytes(header) + packets + table)
