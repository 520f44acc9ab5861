"""A cached page with a form, gzipped once, with each visitor's CSRF token put in at serve time.

The registration form is the largest page (its 250 countries), and it holds a token of the
visitor's own, so it cannot be stored compressed whole: compressing it again on every hit
was most of a hit's time. Instead the page is stored as raw deflate pieces, each compressed
on its own up to the token's place and ended with a sync flush, so that no piece refers back
to another's bytes: a response is a gzip header, the pieces with the token deflated in
between, an empty final block, and the CRC and length of the whole. The header carries
random padding as Django's GZipMiddleware's does (against BREACH; the token is also masked
anew on every response, as Django does).
"""

import gzip
import secrets
import struct
import zlib

# GZipMiddleware's default padding: up to 100 random bytes in the header's file name.
MAX_RANDOM_BYTES = 100
# An empty final block of fixed Huffman codes: the end of a deflate stream.
FINAL_BLOCK = b"\x03\x00"


def _deflated(data):
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)


def deflate_pieces(content, placeholder):
    """The page's pieces between the placeholders, each deflated on its own."""
    return tuple(_deflated(piece) for piece in content.split(placeholder))


def _stored(data):
    """`data` as a stored (uncompressed) deflate block, not the last: setting up a
    compressor for a 64-character token would cost more than the rest of the response."""
    return b"\x00" + struct.pack("<HH", len(data), len(data) ^ 0xFFFF) + data


def gzip_with(content, pieces, placeholder, value):
    """The gzip body of `content` with every `placeholder` replaced by `value` (at most
    65,535 bytes), from the pieces deflate_pieces() made of it."""
    deflated_value = _stored(value)
    body = [deflated_value.join(pieces), FINAL_BLOCK]
    crc = 0
    plain = content.split(placeholder)
    for index, piece in enumerate(plain):
        if index:
            crc = zlib.crc32(value, crc)
        crc = zlib.crc32(piece, crc)
    length = sum(map(len, plain)) + len(value) * (len(plain) - 1)
    padding = b"a" * secrets.randbelow(MAX_RANDOM_BYTES) + b"\x00"
    # Magic, deflate, FNAME flag, no time, no extra flags, unknown system.
    header = b"\x1f\x8b\x08" + bytes([gzip.FNAME]) + b"\x00\x00\x00\x00\x00\xff" + padding
    return header + b"".join(body) + struct.pack("<II", crc, length & 0xFFFFFFFF)
