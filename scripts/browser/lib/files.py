"""Small, well-formed files for the journeys to upload, made on the spot: a one-page PDF, a grey JPEG."""

import os
import struct


def save_files(folder, contents):
    """Writes `contents` ({key: (file name, bytes)}) into `folder`, made if missing; returns {key: path} and "dir"."""
    os.makedirs(folder, exist_ok=True)
    files = {"dir": folder}
    for key, (name, data) in contents.items():
        files[key] = os.path.join(folder, name)
        with open(files[key], "wb") as f:
            f.write(data)
    return files


def tiny_pdf(label):
    """A small, well-formed one-page PDF showing `label` (ASCII)."""
    text = label.encode("ascii", "replace")
    stream = b"BT /F1 14 Tf 36 120 Td (" + text + b") Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 200] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
AC_BITS = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7D]
AC_VALUES = bytes.fromhex(
    "01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738"
    "393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5"
    "a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9fa")


def huffman_codes(bits, values):
    """Canonical Huffman codes: value -> (code, length)."""
    table, code, k = {}, 0, 0
    for length, count in enumerate(bits, 1):
        for _ in range(count):
            table[values[k]] = (code, length)
            code, k = code + 1, k + 1
        code <<= 1
    return table


def jpeg(width, height, shade):
    """A small baseline JPEG, grey, one flat shade per 8x8 block (`shade(bx, by)` in 0..255):
    only DC coefficients, the standard luminance Huffman tables, a quantisation table of ones."""
    dc = huffman_codes(DC_BITS, list(range(12)))
    eob = huffman_codes(AC_BITS, list(AC_VALUES))[0x00]
    out, acc, n = bytearray(), 0, 0

    def put(value, length):
        nonlocal acc, n
        acc, n = (acc << length) | value, n + length
        while n >= 8:
            byte = (acc >> (n - 8)) & 0xFF
            out.append(byte)
            if byte == 0xFF:
                out.append(0x00)  # byte stuffing
            n -= 8

    previous = 0
    for by in range((height + 7) // 8):
        for bx in range((width + 7) // 8):
            value = 8 * (max(0, min(255, shade(bx, by))) - 128)  # DC of a flat block, quantised by 1
            diff, previous = value - previous, value
            size = abs(diff).bit_length()
            put(*dc[size])
            if size:
                put(diff if diff > 0 else diff + (1 << size) - 1, size)
            put(*eob)
    if n:
        put((1 << (8 - n)) - 1, 8 - n)  # pad with ones

    def segment(marker, body):
        return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body

    return (b"\xFF\xD8"
            + segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
            + segment(0xDB, b"\x00" + b"\x01" * 64)
            + segment(0xC0, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00")
            + segment(0xC4, b"\x00" + bytes(DC_BITS) + bytes(range(12)))
            + segment(0xC4, b"\x10" + bytes(AC_BITS) + AC_VALUES)
            + segment(0xDA, b"\x01\x01\x00\x00\x3F\x00")
            + bytes(out) + b"\xFF\xD9")
