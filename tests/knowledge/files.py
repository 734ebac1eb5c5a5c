"""Policy files built in tests: text PDFs (optionally encrypted) and Word documents with heading styles."""

from __future__ import annotations

from pathlib import Path


def write_pdf(path: Path, pages: list[str], *, password: str | None = None, title: str | None = None) -> Path:
    """A PDF whose pages carry real text (Helvetica), so pypdf extracts it as a user's PDF would."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )
    for text in pages:
        page = writer.add_blank_page(width=612, height=792)
        lines = [line.replace("(", "").replace(")", "") for line in text.splitlines()]
        commands = "BT /F1 11 Tf 14 TL 72 720 Td " + " ".join(f"({line}) Tj T*" for line in lines) + " ET"
        stream = DecodedStreamObject()
        stream.set_data(commands.encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
    if title:
        writer.add_metadata({"/Title": title})
    if password:
        writer.encrypt(user_password=password, owner_password=password)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def write_docx(path: Path, blocks: list[tuple[str, str]]) -> Path:
    """blocks: (style, text) with styles such as 'Title', 'Heading 1', 'Heading 2', 'Normal'."""
    import docx

    document = docx.Document()
    for style, text in blocks:
        document.add_paragraph(text, style=style)
    document.save(str(path))
    return path
