"""The verification of a signed report's PDF: ``verify_signed_pdf`` takes the uploaded bytes and
what the application produced for the report, and returns everything it found and whether the
file is accepted. Pure: no database, no network unless the trust roots allow fetching.

Accepted means: a plain PDF without active content; every signature intact; after each signature
nothing but signatures, timestamps, form filling and the number-and-date stamp (``stamps``);
the revision before the first signature byte-identical to a PDF the application produced for
this report; one signature naming the approving leader and, unless ``require_body`` is off,
another naming the issuing body; no certificate revoked. A chain that cannot be validated
(unknown root, expired) is a warning, or a refusal with ``untrusted_is_refusal``.
"""

import asyncio
import hashlib
import logging
from collections.abc import Mapping, Sequence
from io import BytesIO

from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESIndeterminate
from pyhanko.sign.diff_analysis import ModificationLevel, SuspiciousModification
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.settings import KeyUsageConstraints

from . import hazards, stamps
from . import messages as m
from .names import Subject, assign_roles
from .results import ProducedPdf, SignatureCheck, Verification
from .trust import TrustRoots

logger = logging.getLogger(__name__)

# Vietnamese CAs issue signing certificates with non-repudiation, digital signature or both.
KEY_USAGE = KeyUsageConstraints(key_usage={"non_repudiation", "digital_signature"})
# Unsigned revisions between the produced PDF and the first signature may add empty signature
# fields (some tools prepare the field first), nothing more.
PRE_SIGNATURE_LEVEL = ModificationLevel.FORM_FILLING
# What a malformed or hostile file makes the parser raise.
UNREADABLE_ERRORS = (
    PdfError,
    SignatureValidationError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    RecursionError,
)


def verify_signed_pdf(
    data: bytes,
    *,
    produced: Sequence[ProducedPdf],
    leader_name: str,
    body_name: str,
    require_body: bool = True,
    trust_roots: TrustRoots | None = None,
    untrusted_is_refusal: bool = False,
    communes: Mapping[str, str] | None = None,
) -> Verification:
    """Verify ``data`` against the PDFs ``produced`` for the report. ``trust_roots`` defaults to
    the deployment's (``TrustRoots.from_settings``, which raises ``TrustRootsError`` when the
    configured folder cannot be read: an operator's problem, never the file's). ``communes``
    names the commune ids of identity lines, for the refusal of a file of another report."""
    digest = hashlib.sha256(data).hexdigest()
    problem = hazards.header_problem(data)
    if problem:
        return Verification(digest, refusals=(problem,))
    roots = trust_roots if trust_roots is not None else TrustRoots.from_settings()
    try:
        reader = PdfFileReader(BytesIO(data))
        if reader.encrypted:
            return Verification(digest, refusals=(m.notice(m.ENCRYPTED),))
        found = _Findings(digest, communes)
        found.refuse(hazards.trailing_problem(data))
        active = hazards.active_content(reader.trailer_view)
        if active:
            found.refuse(m.active_content_notice(active))
        embedded = reader.embedded_regular_signatures
        if not embedded:
            found.refuse(m.notice(m.UNSIGNED))
            return found.result()
        checks = asyncio.run(_check_all(embedded, roots))
        # Document timestamps count as signatures for where the signed part begins.
        first_signed = reader.embedded_signatures[0].signed_revision
        found.note_stamps(stamps.stamps_since(reader, first_signed - 1), embedded)
        found.judge(checks, untrusted_is_refusal=untrusted_is_refusal)
        found.bind(reader, data, first_signed, produced)
    except UNREADABLE_ERRORS:
        logger.warning("Signed PDF %s could not be read", digest, exc_info=True)
        return Verification(digest, refusals=(m.notice(m.UNREADABLE),))
    found.assign(checks, leader_name=leader_name, body_name=body_name, require_body=require_body)
    return found.result()


async def _check_all(embedded, roots: TrustRoots) -> list[SignatureCheck]:
    return [await _check(signature, roots) for signature in embedded]


async def _check(embedded, roots: TrustRoots) -> SignatureCheck:
    moment = embedded.self_reported_timestamp
    context = roots.validation_context(moment)
    try:
        status = await async_validate_pdf_signature(
            embedded,
            signer_validation_context=context,
            diff_policy=stamps.STAMP_POLICY,
            key_usage_settings=KEY_USAGE,
        )
    except SignatureValidationError:
        logger.warning("Signature %s could not be validated", embedded.field_name, exc_info=True)
        status = None
    finally:
        await context.aclose()
    certificate = embedded.signer_cert if status is None else status.signing_cert
    subject = Subject.of(certificate)
    intact = status is not None and status.intact
    valid = status is not None and status.valid
    trust, reason, revocation = await _trust(embedded, status, roots, moment)
    revoked = status.revocation_details if status is not None else None
    return SignatureCheck(
        field_name=str(embedded.field_name or ""),
        signer_name=subject.common_name,
        organisation=subject.organisation,
        title=subject.title,
        serial=format(certificate.serial_number, "X"),
        issuer=_issuer_name(certificate),
        valid_from=certificate.not_valid_before,
        valid_until=certificate.not_valid_after,
        signing_time=moment,
        intact=intact,
        valid=valid,
        trust=trust,
        trust_reason=reason,
        revocation=revocation,
        modification_level=_level(status) if intact and valid else "",
        revoked_at=revoked.revocation_date if revoked is not None else None,
        subject=subject,
    )


def _level(status) -> str:
    diff = status.diff_result
    if isinstance(diff, SuspiciousModification) or diff is None or status.docmdp_ok is False:
        return ModificationLevel.OTHER.name
    return diff.modification_level.name


async def _trust(embedded, status, roots: TrustRoots, moment) -> tuple[str, str, str]:
    """(trust, reason, revocation) of a signature's certificate at its signing time."""
    if status is None or not (status.intact and status.valid):
        return m.NOT_EVALUATED, "", m.REVOCATION_NOT_CHECKED
    if status.revoked:
        return m.REVOKED_TRUST, "", m.REVOCATION_CHECKED
    if not status.trusted:
        return m.NOT_TRUSTED, _untrusted_reason(status, roots, moment), m.REVOCATION_NOT_CHECKED
    if not roots.revocation_data:
        return m.TRUSTED, "", m.REVOCATION_NOT_CHECKED
    # The first pass checks revocation only where the certificate names a CRL or OCSP address
    # and gives up quietly otherwise; a pass that requires it tells whether it was checked.
    context = roots.validation_context(moment, require_revocation=True)
    try:
        strict = await async_validate_pdf_signature(
            embedded,
            signer_validation_context=context,
            key_usage_settings=KEY_USAGE,
            skip_diff=True,
        )
    finally:
        await context.aclose()
    if strict.revoked:
        return m.REVOKED_TRUST, "", m.REVOCATION_CHECKED
    return m.TRUSTED, "", m.REVOCATION_CHECKED if strict.trusted else m.REVOCATION_NOT_CHECKED


def _untrusted_reason(status, roots: TrustRoots, moment) -> str:
    problem = status.trust_problem_indic
    certificate = status.signing_cert
    if moment is not None and moment > certificate.not_valid_after:
        return m.EXPIRED
    if moment is not None and moment < certificate.not_valid_before:
        return m.NOT_YET_VALID
    if problem == AdESIndeterminate.NO_CERTIFICATE_CHAIN_FOUND:
        return m.UNKNOWN_ROOT if roots.anchors else m.NO_ROOTS
    if problem == AdESIndeterminate.CHAIN_CONSTRAINTS_FAILURE:
        return m.WRONG_USAGE
    if problem == AdESIndeterminate.TRY_LATER:
        # A revocation list past its next update fails the chain even in soft-fail mode.
        return m.STALE_REVOCATION
    if problem in (
        AdESIndeterminate.CRYPTO_CONSTRAINTS_FAILURE,
        AdESIndeterminate.CRYPTO_CONSTRAINTS_FAILURE_NO_POE,
    ):
        return m.WEAK_ALGORITHM
    return m.BAD_CHAIN


def _issuer_name(certificate) -> str:
    issuer = certificate.issuer.native
    return issuer.get("common_name") or issuer.get("organization_name") or ""


class _Findings:
    """What the checks found so far, turned into a Verification at the end."""

    def __init__(self, digest: str, communes: Mapping[str, str] | None = None):
        self.digest = digest
        self.communes = communes
        self.refusals: list[m.Notice] = []
        self.warnings: list[m.Notice] = []
        self.checks: list[SignatureCheck] = []
        self.bound_to: str | None = None
        self.first_revision_sha256 = ""
        self.identity = ""
        self.stamps: list[tuple[int, str]] = []

    def refuse(self, notice: m.Notice | None):
        if notice is not None and notice not in self.refusals:
            self.refusals.append(notice)

    def note_stamps(self, added: list[tuple[int, str, int]], embedded):
        """Record the number-and-date stamps; one added after the last signature is allowed (a
        leader's signature alone is followed by the văn thư's stamp) but no signature vouches
        for it, which the văn thư and the city are told."""
        self.stamps = [(page, text) for page, text, _ in added]
        last_signed = embedded[-1].signed_revision
        if any(revision > last_signed for _, _, revision in added):
            self.warnings.append(m.notice(m.STAMP_UNSIGNED))

    def judge(self, checks: list[SignatureCheck], *, untrusted_is_refusal: bool):
        for check in checks:
            signer = m.signer_label(check)
            if not check.valid:
                self.refuse(m.notice(m.INVALID, signer=signer))
                continue
            if not check.intact:
                self.refuse(m.notice(m.BROKEN, signer=signer))
                continue
            if check.modification_level == ModificationLevel.OTHER.name:
                self.refuse(m.notice(m.MODIFIED, signer=signer))
            if check.trust == m.REVOKED_TRUST:
                self.refuse(m.notice(m.REVOKED, signer=signer, date=m.local_time(check.revoked_at)))
            elif check.trust == m.NOT_TRUSTED:
                notice = m.notice(
                    m.UNTRUSTED, signer=signer, reason=m.UNTRUSTED_REASONS[check.trust_reason]
                )
                (self.refusals if untrusted_is_refusal else self.warnings).append(notice)
        self.checks = checks

    def assign(self, checks, *, leader_name: str, body_name: str, require_body: bool):
        roles = assign_roles(
            [c.subject for c in checks], leader_name=leader_name, body_name=body_name
        )
        self.checks = [
            SignatureCheck(**{**c.__dict__, "role": role})
            for c, role in zip(checks, roles, strict=True)
        ]
        if "leader" not in roles:
            self.refuse(m.notice(m.LEADER_MISSING, name=leader_name))
        if require_body and "body" not in roles:
            self.refuse(m.notice(m.BODY_MISSING, name=body_name))

    def bind(self, reader, data: bytes, first_signed: int, produced: Sequence[ProducedPdf]):
        """Find which produced PDF the signed file was made from: the file up to the end of a
        revision before the first signature must be byte-identical to it, and the revisions
        between may only add empty signature fields."""
        wanted = {p.sha256.lower(): p for p in produced}
        for revision in range(first_signed):
            for end in _revision_ends(reader, data, revision):
                digest = hashlib.sha256(data[:end]).hexdigest()
                if revision == 0:
                    # The original document with the end of line its producer wrote.
                    self.first_revision_sha256 = digest
                if digest in wanted and _clean_until(reader, revision, first_signed):
                    self.bound_to = wanted[digest].kind
                    self.first_revision_sha256 = digest
                    self.identity = _identity(reader, revision)
                    return
        self.identity = _identity(reader, 0)
        if any(not (check.intact and check.valid) for check in self.checks):
            # Bytes changed under a signature also change the original document: the broken
            # signature is the reason, a second refusal would only confuse.
            return
        notice = m.notice(m.NOT_BOUND)
        fields = m.identity_fields(self.identity)
        if fields:
            text = notice.message + m.NOT_BOUND_IDENTITY.format(
                identity=m.identity_text(fields, self.communes)
            )
            notice = m.Notice(m.NOT_BOUND, text)
        self.refuse(notice)

    def result(self) -> Verification:
        return Verification(
            self.digest,
            refusals=tuple(self.refusals),
            warnings=tuple(self.warnings),
            signatures=tuple(self.checks),
            bound_to=self.bound_to,
            first_revision_sha256=self.first_revision_sha256,
            identity=self.identity,
            stamps=tuple(self.stamps),
        )


def _revision_ends(reader, data: bytes, revision: int) -> list[int]:
    """Where the file may end after ``revision``: just after its ``%%EOF`` marker, with or
    without the end of line the producer wrote after it."""
    start = reader.xrefs.get_xref_container_info(revision).end_location
    eof = data.find(hazards.EOF_MARKER, start)
    if eof < 0:
        return []
    end = eof + len(hazards.EOF_MARKER)
    ends = [end]
    for eol in (b"\r\n", b"\n", b"\r"):
        if data.startswith(eol, end):
            ends.append(end + len(eol))
            break
    return ends


def _clean_until(reader, revision: int, first_signed: int) -> bool:
    base = reader.get_historical_resolver(revision)
    for later in range(revision + 1, first_signed):
        try:
            diff = stamps.STAMP_POLICY.apply(base, reader.get_historical_resolver(later))
        except SuspiciousModification:
            return False
        if diff.modification_level > PRE_SIGNATURE_LEVEL:
            return False
    return True


def _identity(reader, revision: int) -> str:
    """The report identity line of the document information: in /Subject, where LibreOffice
    copies the Word file's subject as it is (it cuts keywords at spaces and semicolons); in
    /Keywords for files made before the line moved there."""
    try:
        info = reader.get_historical_resolver(revision).trailer_view["/Info"]
    except (KeyError, AttributeError):
        return ""
    values = [str(info.get(key, "")).strip() for key in ("/Subject", "/Keywords")]
    return next((value for value in values if value.startswith(m.IDENTITY_PREFIX)), "")
