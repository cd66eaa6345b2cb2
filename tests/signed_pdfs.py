"""PDFs for the signing tests, made without LibreOffice: a small hand-written "application's
PDF" (pages of text, the report's identity in the Subject of its Info dictionary, where
LibreOffice puts the Word file's subject), and the
incremental updates a signing tool or a forger appends to it: a pyHanko signature, the văn
thư's number-and-date stamp (a FreeText annotation), a changed page text, JavaScript."""

from contextlib import nullcontext
from datetime import datetime
from io import BytesIO
from unittest import mock

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.signers import pdf_signer

from tests.pki import Holder, cast

# The identity line the exports write into the document properties (issue 16).
IDENTITY = "cchc:commune={commune};period=2026-Q2;status={status};content={content}"
SEED_LINES = (
    "UY BAN NHAN DAN XA NAM THANH MIEN",
    "So: .../BC-UBND",
    "BAO CAO Cong tac cai cach hanh chinh Quy II nam 2026",
    "Tong so ho so tiep nhan: 5.683 ho so.",
    "Da giai quyet: 5.650 ho so.",
    "KT. CHU TICH - PHO CHU TICH - Vu Van Nguyen",
)


def _pdf_string(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    # Helvetica's built-in encoding has no Vietnamese letters; "?" stands in for them.
    return b"(" + escaped.encode("latin-1", "replace") + b")"


def _text_stream(lines: tuple[str, ...]) -> bytes:
    parts = [b"BT /F1 12 Tf 72 770 Td 16 TL"]
    parts += [_pdf_string(line) + b" '" for line in lines]
    parts.append(b"ET")
    return b"\n".join(parts)


def _info_string(text: str) -> bytes:
    # A text string in UTF-16BE with its byte order mark, as LibreOffice writes Vietnamese.
    return b"<" + ("\ufeff" + text).encode("utf-16-be").hex().encode() + b">"


def application_pdf(
    *,
    commune: str = "Nam Thanh Miện",
    status: str = "approved",
    content: str = "a" * 64,
    lines: tuple[str, ...] = SEED_LINES,
    pages: int = 1,
    catalog_extra: bytes = b"",
    identity: str = "",
    identity_key: bytes = b"/Subject",
) -> bytes:
    """A PDF 1.7 with ``pages`` pages of text and the identity line (``identity``, else made of
    ``commune``, ``status`` and ``content``) under ``identity_key`` of its document
    information. Each call with the same arguments gives the same bytes (no dates, a fixed
    /ID)."""
    line = identity or IDENTITY.format(commune=commune, status=status, content=content)
    font = 3 + 2 * pages
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R" + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(pages))
        + b"] /Count %d >>" % pages,
    ]
    for index in range(pages):
        page_lines = (*lines, f"Trang {index + 1}")
        stream = _text_stream(page_lines)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 "
            + b"%d 0 R >> >> /Contents %d 0 R >>" % (font, 4 + 2 * index)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objects.append(
        b"<< /Title "
        + _info_string("Báo cáo công tác cải cách hành chính Quý II năm 2026")
        + b" "
        + identity_key
        + b" "
        + _info_string(line)
        + (b"" if identity_key == b"/Keywords" else b" /Keywords (CCHC)")
        + b" /Producer (CCHC tests) >>"
    )
    out = BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R /ID [<%s> <%s>] >>\n"
        % (len(objects) + 1, len(objects), b"c0" * 16, b"c0" * 16)
    )
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def sign(
    data: bytes,
    holder: Holder,
    field: str,
    *,
    box=(300, 60, 540, 140),
    at: datetime | None = None,
    embed_chain: bool = True,
) -> bytes:
    """Sign in an incremental update, with a visible signature field, as a token tool does;
    ``at`` sets the signing time the signature declares (pyHanko takes the clock's)."""
    writer = IncrementalPdfFileWriter(BytesIO(data))
    clock = mock.patch(f"{pdf_signer.__name__}.datetime", _clock_at(at)) if at else nullcontext()
    with clock:
        out = signers.sign_pdf(
            writer,
            signers.PdfSignatureMetadata(field_name=field),
            signer=holder.signer(embed_chain=embed_chain),
            new_field_spec=fields.SigFieldSpec(field, on_page=0, box=box),
            # Room for the signature given up front: pyHanko otherwise signs twice, once to
            # measure.
            bytes_reserved=16384,
        )
    return out.getvalue()


STAMP = "Số: 123/BC-UBND, ngày 20/6/2026"
BODY_BOX = (300, 150, 540, 230)


def sign_as_the_commune(
    pdf: bytes, *, leader: Holder | None = None, body: Holder | None = None, stamp_text=STAMP
) -> bytes:
    """The flow of Nghị định 30: the leader signs, the văn thư stamps the number and date, then
    signs with the body's certificate (the test CA's leader and body by default)."""
    leader_signed = sign(pdf, leader or cast().leader, "LanhDao")
    return sign(stamp(leader_signed, stamp_text), body or cast().body, "CoQuan", box=BODY_BOX)


def _clock_at(moment: datetime):
    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            return moment.astimezone(tz)

    return Clock


def _appearance(writer, text: str, width: float, height: float):
    stream = generic.StreamObject(
        {
            "/Type": generic.NameObject("/XObject"),
            "/Subtype": generic.NameObject("/Form"),
            "/BBox": generic.ArrayObject(map(generic.FloatObject, (0, 0, width, height))),
            "/Resources": generic.DictionaryObject(
                {
                    "/Font": generic.DictionaryObject(
                        {
                            "/Helv": writer.add_object(
                                generic.DictionaryObject(
                                    {
                                        "/Type": generic.NameObject("/Font"),
                                        "/Subtype": generic.NameObject("/Type1"),
                                        "/BaseFont": generic.NameObject("/Helvetica"),
                                    }
                                )
                            )
                        }
                    )
                }
            ),
        },
        stream_data=b"BT /Helv 12 Tf 2 6 Td " + _pdf_string(text) + b" Tj ET",
    )
    return writer.add_object(stream)


def stamp(data: bytes, text: str, *, rect=(100, 740, 300, 760), extra: dict | None = None) -> bytes:
    """The văn thư's number and date, added as a FreeText annotation on page 1 in an
    incremental update (what signing tools do between the leader's and the body's signature)."""
    writer = IncrementalPdfFileWriter(BytesIO(data))
    page_ref, _ = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    x1, y1, x2, y2 = rect
    annotation = generic.DictionaryObject(
        {
            "/Type": generic.NameObject("/Annot"),
            "/Subtype": generic.NameObject("/FreeText"),
            "/Rect": generic.ArrayObject(map(generic.FloatObject, rect)),
            "/Contents": generic.TextStringObject(text),
            "/DA": generic.TextStringObject("/Helv 12 Tf 0 g"),
            "/F": generic.NumberObject(4),
            "/P": page_ref,
            "/AP": generic.DictionaryObject({"/N": _appearance(writer, text, x2 - x1, y2 - y1)}),
            **(extra or {}),
        }
    )
    annotations = page.get("/Annots", generic.ArrayObject())
    annotations.append(writer.add_object(annotation))
    page["/Annots"] = annotations
    writer.update_container(page)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def replace_text(data: bytes, old: str, new: str) -> bytes:
    """A forger's incremental update: page 1's content stream rewritten with other figures."""
    writer = IncrementalPdfFileWriter(BytesIO(data))
    page_ref, _ = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    text = page["/Contents"].data.replace(old.encode("latin-1"), new.encode("latin-1"))
    page["/Contents"] = writer.add_object(generic.StreamObject(stream_data=text))
    writer.update_container(page)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def add_open_action(data: bytes, action: dict) -> bytes:
    """An incremental update that makes the document run ``action`` when opened."""
    writer = IncrementalPdfFileWriter(BytesIO(data))
    writer.root["/OpenAction"] = writer.add_object(generic.DictionaryObject(action))
    writer.update_root()
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


JAVASCRIPT = {
    "/Type": generic.NameObject("/Action"),
    "/S": generic.NameObject("/JavaScript"),
    "/JS": generic.TextStringObject("app.alert('x')"),
}
# An embedded file in the Names tree of the catalog (an attachment hidden in the report).
EMBEDDED_FILE_CATALOG = (
    b" /Names << /EmbeddedFiles << /Names [(a.exe) << /Type /Filespec /F (a.exe)"
    b" /EF << /F << /Type /EmbeddedFile /Length 2 >> >> >>] >> >>"
)
