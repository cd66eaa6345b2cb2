"""The signed copies of a report on file: the database side of ``reports.signing``.

``signed_document_upload`` verifies the văn thư's file against the PDFs the application kept
for the report (``signing_pdfs``), the approving leader and the issuing body; a refused file is
not stored (``SignedUploadRefused`` carries the reasons). An accepted one is stored with
everything found, becomes the report's one current copy (the previous one stays in the history,
superseded) and is audited in words. ``signed_document_recheck`` checks a stored copy again
(``manage.py verify_signed --all``, after a trust root or a revocation list changes) and
updates what is stored about it.
"""

from collections.abc import Iterator, Mapping

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from reports.exports import frozen_snapshot
from reports.exports.stored import produced_documents
from reports.models import (
    AuditEntry,
    Commune,
    ProducedDocument,
    Report,
    ReportSnapshot,
    SignedDocument,
    Status,
)

from . import messages as m
from .results import ProducedPdf, Verification
from .trust import TrustRoots
from .verify import verify_signed_pdf

Verdict = SignedDocument.Verdict
SUPERSEDED_NOTE = "Bản mới thay bản đã tải lên trước; bản trước vẫn được lưu trong lịch sử."


class SignedUploadRefused(Exception):
    """The uploaded file was refused: ``verification.refusals`` say why; nothing was stored."""

    def __init__(self, verification: Verification):
        super().__init__(", ".join(verification.refusal_codes()))
        self.verification = verification


def signing_pdfs(report: Report) -> dict[str, ProducedDocument]:
    """The kept PDFs a signed copy of the report may be made from, by kind: "approved", the
    PDF for signing (number and date blank) of the approval the report stands on, and, once
    issued, "issued", the PDF with its number and date. Each exists once somebody downloaded
    it (``reports.exports.stored``); an older approval's PDF (reopened, approved again) is not
    among them. Nothing is produced here: LibreOffice writes its time and a new /ID into every
    conversion, so a PDF made now could not match any file signed before."""
    approval = (
        report.snapshots.filter(reason=ReportSnapshot.Reason.APPROVED)
        .order_by("-created_at", "-id")
        .first()
    )
    frozen = frozen_snapshot(report)
    found = {}
    for document in produced_documents(report, kind="pdf").defer("content"):  # hashes suffice
        if approval is not None and document.snapshot_id == approval.pk and not document.numbered:
            found["approved"] = document
        elif (
            report.status == Status.ISSUED
            and frozen is not None
            and document.snapshot_id == frozen.pk
            and document.numbered
        ):
            found["issued"] = document
    return found


def verify_for_report(
    report: Report, data: bytes, *, trust_roots: TrustRoots | None = None
) -> Verification:
    """``data`` verified as the signed copy of ``report``, with the deployment's settings and
    ``trust_roots`` (read from the deployment's folder when not given). Raises
    ``TrustRootsError`` when the trust roots folder cannot be read."""
    leader = report.approved_by
    profile = getattr(leader, "profile", None) if leader is not None else None
    return verify_signed_pdf(
        data,
        produced=[ProducedPdf(kind, d.sha256) for kind, d in signing_pdfs(report).items()],
        leader_name=profile.full_name if profile is not None else "",
        body_name=report.commune.people_committee,
        require_body=settings.CCHC_SIGNATURE_REQUIRE_BODY,
        untrusted_is_refusal=settings.CCHC_UNTRUSTED_SIGNATURE_REFUSED,
        communes=CommuneNames(),
        trust_roots=trust_roots,
    )


def verdict_of(verification: Verification) -> str:
    if not verification.accepted:
        return Verdict.REFUSED
    if any(signature.trust != m.TRUSTED for signature in verification.signatures):
        return Verdict.UNTRUSTED
    return Verdict.VERIFIED


def stored_verification(verification: Verification) -> dict:
    """What is kept with the file: everything found, and the same in words, so the record
    reads the same whatever later code says."""
    return {**verification.to_json(), "description": m.describe(verification, CommuneNames())}


def signed_document_upload(*, report: Report, upload, user) -> SignedDocument:
    """Verify the uploaded file; store it as the report's current signed copy, the previous one
    superseded; audit the upload. Raises ``SignedUploadRefused`` (nothing stored)."""
    data = upload.read()
    verification = verify_for_report(report, data)
    if not verification.accepted:
        raise SignedUploadRefused(verification)
    name = (upload.name or "van-ban-da-ky.pdf")[:255]
    with transaction.atomic():
        # One upload at a time per report, so exactly one copy ends current.
        locked = Report.objects.select_for_update().get(pk=report.pk)
        previous = locked.signed_documents.filter(is_current=True).first()
        if previous is not None:
            previous.is_current = False
            previous.save(update_fields=["is_current"])
        document = SignedDocument(
            report=locked,
            original_name=name,
            sha256=verification.sha256,
            size=len(data),
            uploaded_by=user,
            is_current=True,
            verdict=verdict_of(verification),
            verification=stored_verification(verification),
            checked_at=timezone.now(),
        )
        document.file.save(f"{verification.sha256}.pdf", ContentFile(data), save=False)
        document.save()
        AuditEntry.objects.create(
            report=locked,
            user=user,
            action=AuditEntry.Action.UPLOAD,
            old_value=upload_label(previous) if previous is not None else "",
            new_value=f"{name}: {m.summary(verification)}",
            comment=SUPERSEDED_NOTE if previous is not None else "",
        )
    return document


def signed_document_recheck(
    document: SignedDocument, *, trust_roots: TrustRoots | None = None
) -> Verification:
    """Check a stored copy again with today's trust roots and revocation lists (``trust_roots``,
    read once by a caller that checks many), and store what was found. Raises
    ``TrustRootsError`` (the folder) or ``OSError`` (the file is missing)."""
    with document.file.open("rb") as file:
        data = file.read()
    verification = verify_for_report(document.report, data, trust_roots=trust_roots)
    document.verdict = verdict_of(verification)
    document.verification = stored_verification(verification)
    document.checked_at = timezone.now()
    document.save(update_fields=["verdict", "verification", "checked_at"])
    return verification


def signed_copies(report: Report) -> tuple[SignedDocument | None, list[SignedDocument]]:
    """The current signed copy (the one the city downloads) and the others, newest first."""
    documents = list(report.signed_documents.select_related("uploaded_by__profile"))
    current = next((d for d in documents if d.is_current), None)
    return current, [d for d in documents if d is not current]


def upload_label(document: SignedDocument) -> str:
    """ "BC 44.pdf, tải lên lúc 20/07/2026 09:15 (Đã xác thực chữ ký số)" """
    at = m.local_time(document.uploaded_at)
    return f"{document.original_name}, tải lên lúc {at} ({document.get_verdict_display()})"


class CommuneNames(Mapping):
    """Commune ids (as the identity line writes them) → "UBND xã …", looked up one at a time:
    a verification names at most the one commune of its file."""

    def __getitem__(self, key: str) -> str:
        if not str(key).isdigit():
            raise KeyError(key)
        commune = Commune.objects.filter(pk=int(key)).first()
        if commune is None:
            raise KeyError(key)
        return commune.people_committee

    def __iter__(self) -> Iterator[str]:
        return (str(pk) for pk in Commune.objects.values_list("pk", flat=True).iterator())

    def __len__(self) -> int:
        return Commune.objects.count()
