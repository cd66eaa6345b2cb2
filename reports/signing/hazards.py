"""What makes an uploaded file dangerous before any signature is looked at: not a PDF at all (a
renamed program), a PDF glued to something else (an HTML/PDF hybrid, data after the end), and
active content inside the PDF (JavaScript, launch actions, embedded files, XFA forms).

Readers accept a PDF whose ``%PDF-`` header is anywhere in the first kilobyte, which is what
makes HTML/PDF hybrids possible; the application's own PDFs start with it, so anything before
it is refused. Active content is looked for in the structure (every object reachable from the
trailer, names decoded), not by searching the bytes: compressed object streams and escaped
names (``/Java#53cript``) hide it from a byte search.
"""

from pyhanko.pdf_utils import generic

from . import messages as m

PDF_MAGIC = b"%PDF-"
EOF_MARKER = b"%%EOF"
# Programs by their first bytes: Windows (.exe, .dll), Linux, macOS, scripts.
PROGRAM_MAGICS = (
    b"MZ",
    b"\x7fELF",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)
HEADER_WINDOW = 1024
TRAILING_WHITESPACE = b" \t\r\n\x00\x0c"


def header_problem(data: bytes) -> m.Notice | None:
    """The refusal for a file that does not start as a PDF, or None."""
    if data.startswith(PDF_MAGIC):
        return None
    if data.startswith(PROGRAM_MAGICS):
        return m.notice(m.EXECUTABLE)
    if PDF_MAGIC in data[:HEADER_WINDOW]:
        return m.notice(m.HYBRID_BEFORE)
    return m.notice(m.NOT_PDF)


def trailing_problem(data: bytes) -> m.Notice | None:
    """The refusal for bytes after the last ``%%EOF`` (a ZIP or HTML appended to the PDF)."""
    end = data.rfind(EOF_MARKER)
    if end < 0 or data[end + len(EOF_MARKER) :].strip(TRAILING_WHITESPACE):
        return m.notice(m.HYBRID_AFTER)
    return None


def _action_kinds(node: generic.DictionaryObject) -> set[str]:
    kinds = set()
    action = node.get("/S")
    if action == "/JavaScript" or "/JS" in node or "/JavaScript" in node:
        kinds.add(m.JAVASCRIPT)
    if action == "/Launch":
        kinds.add(m.LAUNCH)
    if (
        "/EmbeddedFiles" in node
        or "/EF" in node
        or node.get("/Type") == "/EmbeddedFile"
        or node.get("/Subtype") == "/FileAttachment"
        or action == "/GoToE"
    ):
        kinds.add(m.EMBEDDED_FILE)
    if "/XFA" in node:
        kinds.add(m.XFA)
    return kinds


def active_content(trailer: generic.DictionaryObject) -> list[str]:
    """The kinds of active content in the objects reachable from ``trailer``, in a fixed order
    (empty for a plain document). Stream data is not decoded: only dictionaries can hold
    actions, names trees and attachments."""
    found: set[str] = set()
    seen: set[generic.Reference] = set()
    stack: list[generic.PdfObject] = [trailer]
    while stack:
        node = stack.pop()
        if isinstance(node, generic.IndirectObject):
            if node.reference in seen:
                continue
            seen.add(node.reference)
            node = node.get_object()
        if isinstance(node, generic.DictionaryObject):
            found |= _action_kinds(node)
            stack.extend(node.raw_get(key) for key in node)
        elif isinstance(node, generic.ArrayObject):
            stack.extend(node)
    return [kind for kind in m.ACTIVE_CONTENT_ORDER if kind in found]
