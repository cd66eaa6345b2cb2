"""Benchmark of the verification of a signed report: the seed-sized PDF with two signatures.

    .venv/bin/python benchmarks/signatures.py [--repeat 30]

The signed file: the seed report's PDF (LibreOffice from the demo data in a temporary SQLite
database; without LibreOffice a hand-written PDF of the same page count), signed by the leader,
stamped with the number and date, signed by the UBND, all with a throwaway CA (RSA 2048, its
CRL in the trust roots). Prints, measured interleaved in one run (one of each per round):
- ``verify_signed_pdf``: everything (active content, two signatures at their signing time with
  the stamp-aware difference analysis, revocation from the CRL, binding, roles);
- pyHanko's own validation of the two signatures (its default difference policy, the same
  validation context), what a bare use of the library costs;
- the floor: pyHanko reading the signatures and hashing their byte ranges, no validation.
Target: ``verify_signed_pdf`` under 200 ms (median).
"""

import argparse
import asyncio
import hashlib
import logging
import shutil
import statistics
import sys
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.production import production_settings  # noqa: E402
from benchmarks.timing import interleaved_samples  # noqa: E402

TARGET_MS = 200
SEED_PAGES = 9


def seed_pdf() -> tuple[bytes, str]:
    """The seed report's PDF and where it came from; the demo data goes into a temporary
    SQLite database, which the verification itself never uses."""
    if not (shutil.which("libreoffice") or shutil.which("soffice")):
        from tests.signed_pdfs import application_pdf

        return application_pdf(pages=SEED_PAGES), "Hand-written PDF (no LibreOffice)"
    from django.conf import settings
    from django.core.management import call_command

    settings.DATABASES["default"]["NAME"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    from reports.exports import pdf_bytes
    from reports.models import Report

    report = Report.objects.get(commune__name="Nam Thanh Miện", year=2026, period_kind="Q2")
    return pdf_bytes(report), "Seed report PDF (LibreOffice)"


def floor(data: bytes) -> int:
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(BytesIO(data))
    return sum(len(s.compute_digest()) for s in reader.embedded_signatures)


def stock(data: bytes, roots) -> list:
    """pyHanko's validation as documented: default policy, one context per signature."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature

    async def run():
        reader = PdfFileReader(BytesIO(data))
        results = []
        for embedded in reader.embedded_signatures:
            context = roots.validation_context(embedded.self_reported_timestamp)
            results.append(await async_validate_pdf_signature(embedded, context))
            await context.aclose()
        return results

    return asyncio.run(run())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    repeat = parser.parse_args().repeat
    production_settings("sqlite://:memory:")
    import django

    django.setup()
    # pyHanko's default policy logs the stamp it does not know as a suspicious change, with a
    # traceback, on every round.
    logging.getLogger("pyhanko").setLevel(logging.ERROR)
    from reports.numbers import format_number
    from reports.signing import ProducedPdf, TrustRoots, verify_signed_pdf
    from tests.pki import BODY_NAME, LEADER_NAME, cast
    from tests.signed_pdfs import sign, stamp

    pdf, source = seed_pdf()
    leader_signed = sign(pdf, cast().leader, "LanhDao")
    stamped = stamp(leader_signed, "Số: 123/BC-UBND", rect=(130, 700, 260, 716))
    data = sign(stamped, cast().body, "CoQuan", box=(300, 150, 540, 230))
    roots_folder = Path(tempfile.mkdtemp(prefix="cchc-trust-roots-"))
    (roots_folder / "root.pem").write_bytes(cast().root.pem)
    (roots_folder / "root.crl").write_bytes(cast().crl)
    roots = TrustRoots.from_folder(roots_folder)
    produced = [ProducedPdf("approved", hashlib.sha256(pdf).hexdigest())]

    def ours():
        result = verify_signed_pdf(
            data,
            produced=produced,
            leader_name=LEADER_NAME,
            body_name=BODY_NAME,
            trust_roots=roots,
        )
        assert result.accepted, result.refusals

    runs = {"verify_signed_pdf": ours, "pyHanko validation": lambda: stock(data, roots)}
    runs["floor (read + hash)"] = lambda: floor(data)
    times = interleaved_samples(runs, repeat)

    sizes = f"{format_number(len(pdf))} bytes; signed {format_number(len(data))} bytes"
    print(f"{source}: {sizes}, 2 signatures and a stamp")
    print(f"{repeat} rounds, interleaved; median and 95th percentile (ms)")
    for name, values in times.items():
        p95 = statistics.quantiles(values, n=20)[-1]
        print(f"  {name:22} median {statistics.median(values):7.1f}   p95 {p95:7.1f}")
    median = statistics.median(times["verify_signed_pdf"])
    floor_median = statistics.median(times["floor (read + hash)"])
    verdict = "met" if median < TARGET_MS else "NOT met"
    print(f"  target < {TARGET_MS} ms: {verdict}; {median / floor_median:.1f}× the floor")


if __name__ == "__main__":
    main()
