"""LibreOffice's headless conversion, for tests that look at a file as LibreOffice computes or
prints it. Each call runs with its own profile under ``tmp_path``."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CALC_MISSING = (
    "LibreOffice Calc chưa được cài trên máy này (apt-get install libreoffice-calc-nogui): bỏ "
    "qua kiểm tra bảng tính do LibreOffice tính lại hoặc in ra"
)


def binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def has_calc() -> bool:
    """Is LibreOffice's spreadsheet (Calc) installed? Debian splits it from the Writer that
    makes the PDFs; a workbook converted without it fails instead of being recalculated."""
    found = binary()
    return found is not None and any(Path(found).resolve().parent.glob("libsclo.*"))


def require_calc() -> None:
    """Skip a test that needs Calc when it is missing; under CI a missing Calc is a failure."""
    if has_calc():
        return
    if os.environ.get("CI") == "true":
        pytest.fail("CI cần LibreOffice Calc (apt-get install libreoffice-calc-nogui)")
    pytest.skip(CALC_MISSING)


def convert(source: Path, to: str, tmp_path: Path) -> Path:
    """``source`` converted to ``to`` ("xlsx" recalculates a workbook, "pdf" prints it) into
    ``tmp_path/out``; the converted file's path."""
    out = tmp_path / "out"
    subprocess.run(
        [
            binary(),
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            to,
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        check=True,
        timeout=180,
    )
    return out / f"{source.stem}.{to}"
