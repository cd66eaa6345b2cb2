"""The last step of every DOCX and XLSX this application writes: the package itself.

python-docx and XlsxWriter each write a whole Office package, but neither can name this
application in the extended properties (docProps/app.xml says "Microsoft Macintosh Word" or
"Microsoft Excel"), and XlsxWriter cannot set the language in the core properties. ``finish``
copies the package with those two parts set, and with every zip entry stamped with the
document's own creation time, so the same content frozen at the same time gives the same bytes
(python-docx stamps entries with the time of saving). Only the stdlib's zipfile and the Open
Packaging Conventions are relied on, not either library's internals.
"""

from datetime import datetime
from io import BytesIO
from xml.sax.saxutils import escape
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

APPLICATION = "Báo cáo CCHC cấp xã"
CORE = "docProps/core.xml"
APP = "docProps/app.xml"
_CORE_END = b"</cp:coreProperties>"


def app_xml(company: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
        '2006/docPropsVTypes">'
        f"<Application>{escape(APPLICATION)}</Application><DocSecurity>0</DocSecurity>"
        f"<Company>{escape(company)}</Company>"
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
    ).encode()


def _with_language(core: bytes, language: str) -> bytes:
    if b"<dc:language>" in core:
        return core
    element = f"<dc:language>{escape(language)}</dc:language>".encode()
    return core.replace(_CORE_END, element + _CORE_END)


def finish(data: bytes, *, company: str, language: str, created: datetime) -> bytes:
    """``data`` (a DOCX or XLSX) with this application's extended properties, the language
    in its core properties and every entry dated ``created``."""
    stamp = created.timetuple()[:6]
    out = BytesIO()
    with ZipFile(BytesIO(data)) as source, ZipFile(out, "w", ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == APP:
                content = app_xml(company)
            elif info.filename == CORE:
                content = _with_language(content, language)
            entry = ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = ZIP_DEFLATED
            # The parts are small XML: the fastest level loses little and costs far less.
            target.writestr(entry, content, compresslevel=1)
    return out.getvalue()
