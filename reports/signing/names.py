"""Who a signing certificate names: the approving leader (a person) or the issuing body (the
commune's UBND), compared the way people write Vietnamese names on certificates: without case,
diacritics or punctuation, and with "UBND" and "Ủy ban nhân dân" as one spelling."""

import re
from dataclasses import dataclass

from asn1crypto import x509

from reports import texts

LEADER = "leader"
BODY = "body"

_PEOPLES_COMMITTEE = re.compile(r"\buy ban nhan dan\b")
# What separates a name from what follows it in a certificate's CN or O ("…, Hải Phòng",
# "… - Phó Chủ tịch", "… (ký thay)").
_PARTS = re.compile(r"\s[-–]\s|[,;()/|]")


def fold(text: str) -> str:
    """ "Ủy ban nhân dân xã Nam Thanh Miện" → "ubnd xa nam thanh mien": the application's one
    folding (``reports.texts.fold``), with the two spellings of the people's committee as one."""
    return _PEOPLES_COMMITTEE.sub("ubnd", texts.fold(text))


def _names(text: str, wanted: str) -> bool:
    """Whether a part of ``text`` is ``wanted``, folded: "Vũ Văn Nguyễn - Phó Chủ tịch" names
    "Vũ Văn Nguyễn", "Vũ Văn Nguyễn Anh" does not."""
    wanted = fold(wanted)
    return bool(wanted) and any(fold(part) == wanted for part in _PARTS.split(text or ""))


@dataclass(frozen=True)
class Subject:
    """The parts of a certificate's subject that name its holder."""

    common_name: str = ""
    organisation: str = ""
    unit: str = ""
    title: str = ""
    pseudonym: str = ""
    given_name: str = ""
    surname: str = ""

    @classmethod
    def of(cls, certificate: x509.Certificate) -> "Subject":
        native = certificate.subject.native

        def part(key: str) -> str:
            value = native.get(key, "")
            # A multi-valued attribute (two OU, say) comes as a list.
            return ", ".join(value) if isinstance(value, list) else str(value)

        return cls(
            common_name=part("common_name"),
            organisation=part("organization_name"),
            unit=part("organizational_unit_name"),
            title=part("title"),
            pseudonym=part("pseudonym"),
            given_name=part("given_name"),
            surname=part("surname"),
        )

    @property
    def person_names(self) -> tuple[str, ...]:
        # Vietnamese order: surname first ("Vũ" + "Văn Nguyễn"); some CAs write it the other way.
        return (
            self.common_name,
            self.pseudonym,
            f"{self.surname} {self.given_name}",
            f"{self.given_name} {self.surname}",
        )

    def names_person(self, full_name: str) -> bool:
        return any(_names(name, full_name) for name in self.person_names if name.strip())

    def names_body_as_holder(self, body_name: str) -> bool:
        return _names(self.common_name, body_name)

    def names_body_as_organisation(self, body_name: str) -> bool:
        return _names(self.organisation, body_name) or _names(self.unit, body_name)


def assign_roles(subjects: list[Subject], *, leader_name: str, body_name: str) -> list[str | None]:
    """The role each signature plays, in order: the leader's is the first certificate naming the
    leader; the body's is the first certificate not naming the leader that is the body's own
    (its name in CN), failing that the first one issued to the body (its name in O or OU). The
    leader's certificate never plays the body: a personal certificate usually carries the UBND
    in O, and signing twice with it is still one signer."""
    roles: list[str | None] = [None] * len(subjects)
    leader = next((i for i, s in enumerate(subjects) if s.names_person(leader_name)), None)
    if leader is not None:
        roles[leader] = LEADER
    others = [i for i, s in enumerate(subjects) if not s.names_person(leader_name)]
    body = next((i for i in others if subjects[i].names_body_as_holder(body_name)), None)
    if body is None:
        body = next((i for i in others if subjects[i].names_body_as_organisation(body_name)), None)
    if body is not None:
        roles[body] = BODY
    return roles
