"""Small real files for demo content and tests: a one-page PDF and a JPEG photo placeholder."""

import io

from PIL import Image, ImageDraw, ImageFont


def _pdf_escape(text):
    # PDF literal strings: escape backslash and parentheses; WinAnsiEncoding is cp1252.
    text = text.encode("cp1252", "replace").decode("cp1252")
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_bytes(title, lines=()):
    """A valid one-page A4 PDF showing ``title`` and ``lines`` in Helvetica."""
    text_ops = ["BT", "/F1 16 Tf", "56 780 Td", f"({_pdf_escape(title)}) Tj", "/F1 11 Tf"]
    for line in lines:
        text_ops += ["0 -20 Td", f"({_pdf_escape(line)}) Tj"]
    text_ops.append("ET")
    stream = "\n".join(text_ops).encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def image_bytes(label, color=(128, 0, 32), size=(1200, 675), fmt="JPEG"):
    """A photo-sized image with a coloured band and a label."""
    image = Image.new("RGB", size, color)
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.rectangle([0, int(height * 0.7), width, height], fill=(255, 255, 255))
    draw.ellipse([width // 2 - 90, height // 3 - 90, width // 2 + 90, height // 3 + 90], fill=(240, 200, 60))
    font = ImageFont.load_default(size=max(12, height // 14))
    draw.text((40, int(height * 0.76)), label, fill=(20, 20, 20), font=font)
    out = io.BytesIO()
    image.save(out, fmt, quality=80)
    return out.getvalue()
