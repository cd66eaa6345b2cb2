"""DOCX → PDF with LibreOffice (headless), for signing with a token outside the application.

Each conversion runs in its own temporary directory with its own LibreOffice profile, so two
conversions at the same time (or one while a desktop LibreOffice is open) do not collide. The
fonts come from Debian's fonts-liberation2 (Liberation Serif is metric-compatible with Times New
Roman), so the PDF keeps the Word layout.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 120
MISSING_MESSAGE = (
    "Máy chủ chưa cài LibreOffice nên không tạo được tệp PDF. Vui lòng tải tệp Word (DOCX) "
    "hoặc đề nghị quản trị hệ thống cài gói libreoffice-writer và fonts-liberation2."
)
FAILED_MESSAGE = "Không chuyển được báo cáo sang PDF (LibreOffice báo lỗi). Vui lòng thử lại sau."


class PdfError(Exception):
    """The PDF could not be produced; the message is Vietnamese, for the user."""


def libreoffice_binary() -> str | None:
    return shutil.which("libreoffice") or shutil.which("soffice")


def docx_to_pdf(data: bytes) -> bytes:
    binary = libreoffice_binary()
    if binary is None:
        raise PdfError(MISSING_MESSAGE)
    with tempfile.TemporaryDirectory(prefix="cchc-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "bao-cao.docx"
        source.write_bytes(data)
        command = [
            binary,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        try:
            subprocess.run(
                command, capture_output=True, timeout=TIMEOUT_SECONDS, check=True, cwd=folder
            )
        except (subprocess.SubprocessError, OSError) as error:
            raise PdfError(FAILED_MESSAGE) from error
        target = folder / "bao-cao.pdf"
        if not target.exists():
            raise PdfError(FAILED_MESSAGE)
        return target.read_bytes()
