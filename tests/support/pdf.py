"""Small real PDF files for tests: one page per text given, written with the standard
Helvetica font (WinAnsi encoding, so Spanish accents survive), as a word processor's
"save as PDF" would; an empty text gives a page without any text, as a scan does."""

FONT_OBJECT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def _literal(text):
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _content(text):
    if not text:
        return b"0.9 g 72 72 468 648 re f"  # a grey rectangle: an image-like page
    lines = [b"BT /F1 11 Tf 72 720 Td 14 TL"]
    for line in text.splitlines() or [""]:
        lines.append(_literal(line) + b" Tj T*")
    lines.append(b"ET")
    return b"\n".join(lines)


def pdf_with_pages(texts):
    """The bytes of a PDF whose page i holds texts[i] (lines separated by newlines)."""
    count = len(texts)
    font = 3 + 2 * count
    kids = b" ".join(f"{3 + 2 * i} 0 R".encode() for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(count).encode() + b" >>",
    ]
    for index, text in enumerate(texts):
        content = _content(text)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 "
            + f"{font} 0 R".encode()
            + b" >> >> /Contents "
            + f"{4 + 2 * index} 0 R".encode()
            + b" >>"
        )
        objects.append(
            b"<< /Length "
            + str(len(content)).encode()
            + b" >>\nstream\n"
            + content
            + b"\nendstream"
        )
    objects.append(FONT_OBJECT)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)
