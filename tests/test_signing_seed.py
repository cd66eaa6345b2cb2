"""The real thing: the seed report's PDF made by LibreOffice from its Word file, signed by the
leader, stamped with the number and date, signed by the UBND → accepted and bound. Skipped
without LibreOffice (failed under CI, like tests/test_pdf.py)."""

import hashlib
import io

import pytest
from docx import Document

from reports.exports import docx_bytes
from reports.exports.pdf import docx_to_pdf
from reports.signing import ProducedPdf, TrustRoots, verify_signed_pdf
from tests.pki import BODY_NAME, LEADER_NAME, cast
from tests.signed_pdfs import sign, stamp
from tests.test_pdf import need_libreoffice  # noqa: F401 (the fixture)


@pytest.mark.usefixtures("need_libreoffice")
def test_the_seed_pdf_signed_and_stamped_is_accepted(seed_report, tmp_path):
    word = docx_bytes(seed_report)
    pdf = docx_to_pdf(word)
    (tmp_path / "root.pem").write_bytes(cast().root.pem)
    (tmp_path / "root.crl").write_bytes(cast().crl)
    leader_signed = sign(pdf, cast().leader, "LanhDao")
    stamped = stamp(leader_signed, "Số: 123/BC-UBND", rect=(130, 700, 260, 716))
    data = sign(stamped, cast().body, "CoQuan", box=(300, 150, 540, 230))

    result = verify_signed_pdf(
        data,
        produced=[ProducedPdf("approved", hashlib.sha256(pdf).hexdigest())],
        leader_name=LEADER_NAME,
        body_name=BODY_NAME,
        trust_roots=TrustRoots.from_folder(tmp_path),
    )

    assert result.accepted, result.refusals
    assert result.bound_to == "approved"
    assert [(s.role, s.trust) for s in result.signatures] == [
        ("leader", "trusted"),
        ("body", "trusted"),
    ]
    assert result.stamps == ((1, "Số: 123/BC-UBND"),)
    # LibreOffice copies the Word file's subject (the report's identity line) into the PDF.
    subject = Document(io.BytesIO(word)).core_properties.subject
    assert subject.startswith("cchc:commune=")
    assert result.identity == subject
