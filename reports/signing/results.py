"""The result of verifying a signed report: what the application produced for the report
(``ProducedPdf``), what was found about each signature (``SignatureCheck``) and about the file
(``Verification``), with ``to_json`` for storing it beside the file and ``from_json`` for
reading it back."""

from dataclasses import asdict, dataclass, field, fields
from datetime import datetime

from . import messages as m
from .names import Subject

# The moments of a SignatureCheck, stored as ISO 8601 text.
TIMES = ("valid_from", "valid_until", "signing_time", "revoked_at")


@dataclass(frozen=True)
class ProducedPdf:
    """A PDF the application produced for the report: ``kind`` "approved" (for signing, number
    and date blank) or "issued" (number and date printed), and the SHA-256 of its bytes."""

    kind: str
    sha256: str


@dataclass(frozen=True)
class SignatureCheck:
    field_name: str
    signer_name: str
    organisation: str
    title: str
    serial: str
    issuer: str
    valid_from: datetime | None
    valid_until: datetime | None
    signing_time: datetime | None
    intact: bool  # the signed bytes are unchanged (their digest matches)
    valid: bool  # the signature value verifies with the embedded certificate
    trust: str  # messages.TRUSTED, NOT_TRUSTED, REVOKED_TRUST or NOT_EVALUATED
    trust_reason: str  # a key of messages.UNTRUSTED_REASONS when not trusted
    revocation: str  # messages.REVOCATION_CHECKED or REVOCATION_NOT_CHECKED
    modification_level: str  # pyHanko's ModificationLevel name, after this signature
    revoked_at: datetime | None = None
    role: str | None = None  # names.LEADER, names.BODY or None
    subject: Subject = field(default_factory=Subject, repr=False)

    @classmethod
    def from_json(cls, data: dict) -> "SignatureCheck":
        known = {f.name for f in fields(cls)} - {"subject"}
        values = {key: value for key, value in data.items() if key in known}
        for key in TIMES:
            if values.get(key):
                values[key] = datetime.fromisoformat(values[key])
        return cls(**values)


@dataclass(frozen=True)
class Verification:
    sha256: str
    refusals: tuple[m.Notice, ...] = ()
    warnings: tuple[m.Notice, ...] = ()
    signatures: tuple[SignatureCheck, ...] = ()
    bound_to: str | None = None  # the kind of the ProducedPdf the file was made from
    first_revision_sha256: str = ""
    identity: str = ""  # the report identity line of the signed PDF's metadata
    stamps: tuple[tuple[int, str], ...] = ()  # (page, text) of the number-and-date stamps

    @property
    def accepted(self) -> bool:
        return not self.refusals

    @property
    def modification_level(self) -> str:
        """The changes after the first signature (which covers all later ones)."""
        return self.signatures[0].modification_level if self.signatures else ""

    def refusal_codes(self) -> list[str]:
        return [notice.code for notice in self.refusals]

    def to_json(self) -> dict:
        """Everything found, as JSON-ready values, to be stored with the file."""
        data = asdict(self)
        data["accepted"] = self.accepted
        for signature in data["signatures"]:
            signature.pop("subject")
            for key in TIMES:
                if signature[key] is not None:
                    signature[key] = signature[key].isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict) -> "Verification":
        """What ``to_json`` stored (an empty dict: a file never verified)."""
        return cls(
            data.get("sha256", ""),
            refusals=tuple(m.Notice(**notice) for notice in data.get("refusals", ())),
            warnings=tuple(m.Notice(**notice) for notice in data.get("warnings", ())),
            signatures=tuple(SignatureCheck.from_json(s) for s in data.get("signatures", ())),
            bound_to=data.get("bound_to"),
            first_revision_sha256=data.get("first_revision_sha256", ""),
            identity=data.get("identity", ""),
            stamps=tuple((page, text) for page, text in data.get("stamps", ())),
        )
