"""DOCX → PDF with LibreOffice (headless), for signing with a token outside the application.

LibreOffice is kept warm between conversions, two ways:
- ``PDF_CONVERTER_URL`` set (``make serve`` starts unoserver and sets it for the task
  worker): a resident LibreOffice converts over unoserver's XML-RPC API, about 0,3 s a file;
- otherwise (or while that server does not answer): one LibreOffice process per conversion,
  with one profile per Python process, created once and reused by one conversion at a time
  (a new profile per conversion costs LibreOffice's first-start work every time).
Each conversion is bounded by ``PDF_CONVERSION_TIMEOUT``, shorter than a task's time limit
(settings, "Timeouts"). The fonts come from Debian's fonts-liberation2 (Liberation Serif is
metric-compatible with Times New Roman), so the PDF keeps the Word layout.
"""

import atexit
import http.client
import os
import shutil
import subprocess
import tempfile
import threading
import xmlrpc.client
from pathlib import Path

from django.conf import settings

MISSING_MESSAGE = (
    "Máy chủ chưa cài LibreOffice nên không tạo được tệp PDF. Vui lòng tải tệp Word (DOCX) "
    "hoặc đề nghị quản trị hệ thống cài gói libreoffice-writer-nogui và fonts-liberation2."
)
FAILED_MESSAGE = "Không chuyển được báo cáo sang PDF (LibreOffice báo lỗi). Vui lòng thử lại sau."
PDF_MAGIC = b"%PDF-"


class PdfError(Exception):
    """The PDF could not be produced; the message is Vietnamese, for the user."""


def libreoffice_binary() -> str | None:
    return shutil.which("libreoffice") or shutil.which("soffice")


def docx_to_pdf(data: bytes) -> bytes:
    if settings.PDF_CONVERTER_URL:
        try:
            return _convert_with_server(data, settings.PDF_CONVERTER_URL)
        except OSError:
            pass  # the resident LibreOffice is not up (yet): convert the slow way
    binary = libreoffice_binary()
    if binary is None:
        raise PdfError(MISSING_MESSAGE)
    with _PROFILE_LOCK:
        try:
            return _convert_with_process(binary, data, _profile_dir())
        except PdfError as error:
            # A profile left broken by a killed conversion fails every later one: start anew.
            shutil.rmtree(_profile_dir(), ignore_errors=True)
            if isinstance(error.__cause__, subprocess.TimeoutExpired):
                # Not again after a timeout: one conversion must stay within
                # PDF_CONVERSION_TIMEOUT, itself shorter than a task's time limit.
                raise
            return _convert_with_process(binary, data, _profile_dir())


class _TimeoutTransport(xmlrpc.client.Transport):
    def __init__(self, timeout: float):
        super().__init__()
        self.timeout = timeout

    def make_connection(self, host):
        connection = super().make_connection(host)
        connection.timeout = self.timeout
        return connection


def _convert_with_server(data: bytes, url: str) -> bytes:
    """Convert through unoserver; OSError when it does not answer (refused, not started)."""
    proxy = xmlrpc.client.ServerProxy(
        url, transport=_TimeoutTransport(settings.PDF_CONVERSION_TIMEOUT), allow_none=True
    )
    try:
        # unoserver's convert(inpath, indata, outpath, convert_to, filtername,
        # filter_options, update_index, infiltername, password), as its own client calls it.
        result = proxy.convert(
            None, xmlrpc.client.Binary(data), None, "pdf", None, [], True, None, None
        )
    except TimeoutError as error:
        raise PdfError(FAILED_MESSAGE) from error
    except (xmlrpc.client.Error, http.client.HTTPException) as error:
        raise PdfError(FAILED_MESSAGE) from error
    output = getattr(result, "data", b"")
    if not output.startswith(PDF_MAGIC):
        raise PdfError(FAILED_MESSAGE)
    return output


_PROFILE_LOCK = threading.Lock()


def _profile_dir() -> Path:
    return Path(tempfile.gettempdir()) / f"cchc-libreoffice-{os.getpid()}"


@atexit.register
def _remove_profile():
    shutil.rmtree(_profile_dir(), ignore_errors=True)


def _convert_with_process(binary: str, data: bytes, profile: Path) -> bytes:
    with tempfile.TemporaryDirectory(prefix="cchc-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "bao-cao.docx"
        source.write_bytes(data)
        command = [
            binary,
            f"-env:UserInstallation={profile.as_uri()}",
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
                command,
                capture_output=True,
                timeout=settings.PDF_CONVERSION_TIMEOUT,
                check=True,
                cwd=folder,
            )
        except (subprocess.SubprocessError, OSError) as error:
            raise PdfError(FAILED_MESSAGE) from error
        target = folder / "bao-cao.pdf"
        if not target.exists():
            raise PdfError(FAILED_MESSAGE)
        return target.read_bytes()
