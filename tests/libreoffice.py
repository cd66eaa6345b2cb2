"""LibreOffice's headless conversion, for tests that look at a file as LibreOffice computes or
prints it. Each call runs with its own profile under ``tmp_path``."""

import shutil
import subprocess
from pathlib import Path


def binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


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
