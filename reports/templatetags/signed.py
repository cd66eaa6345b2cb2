"""``{% signed_copy document %}``: a stored signed copy's verification in words, as the exports
page and the city's page of a report show it: the verdict (in words and colour), who signed as
what and when, which PDF of the report it was made from, the number-and-date stamp, and in red
what could not be validated or no longer passes."""

from django import template

from reports.models import SignedDocument
from reports.signing import messages as m

register = template.Library()

Verdict = SignedDocument.Verdict
VERDICT_CLASSES = {
    Verdict.VERIFIED: "text-bg-success",
    Verdict.UNTRUSTED: "text-bg-danger",
    Verdict.REFUSED: "text-bg-danger",
    Verdict.UNCHECKED: "text-bg-secondary",
}


@register.inclusion_tag("reports/exports/_signed_copy.html")
def signed_copy(document: SignedDocument):
    found = document.found()
    return {
        "document": document,
        "verdict_class": VERDICT_CLASSES[document.verdict],
        "signers": [_signer(signature) for signature in found.signatures],
        "bound": m.kind_text(found.bound_to) if found.bound_to else "",
        "stamps": found.stamps,
        "problems": [notice.message for notice in (*found.refusals, *found.warnings)],
        "description": document.verification.get("description", []),
    }


def _signer(signature) -> dict:
    trust = m.TRUST_LABELS.get(signature.trust, signature.trust)
    if signature.trust_reason:
        trust += " (" + m.UNTRUSTED_REASONS[signature.trust_reason] + ")"
    return {
        "name": signature.signer_name or signature.field_name,
        "role": m.ROLE_LABELS.get(signature.role, m.ROLE_LABELS[None]),
        "holder": ", ".join(p for p in (signature.title, signature.organisation) if p),
        "at": m.local_time(signature.signing_time) or "không rõ",
        "trust": trust,
        "trusted": signature.trust == m.TRUSTED,
        "revocation": m.REVOCATION_LABELS.get(signature.revocation, ""),
    }
