"""Who a certificate names: the leader by full name, the body by the UBND's name, whatever the
case, diacritics or spelling of "Ủy ban nhân dân"."""

import pytest
from asn1crypto import x509 as asn1_x509

from reports.signing.names import BODY, LEADER, Subject, assign_roles, fold
from tests.pki import BODY_NAME, LEADER_NAME, cast


@pytest.mark.parametrize(
    "text",
    [
        "UBND xã Nam Thanh Miện",
        "Ủy ban nhân dân xã Nam Thanh Miện",
        "ỦY BAN NHÂN DÂN XÃ NAM THANH MIỆN",
        "Uỷ ban nhân dân  xã Nam Thanh Miện",  # the old accent placement, two spaces
    ],
)
def test_fold_makes_one_spelling_of_the_body(text):
    assert fold(text) == "ubnd xa nam thanh mien"


def test_fold_handles_d_with_stroke():
    assert fold("Đặng Đình Đức") == "dang dinh duc"


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        (Subject(common_name="VŨ VĂN NGUYỄN"), True),
        (Subject(common_name="Vu Van Nguyen - Phó Chủ tịch"), True),
        (Subject(common_name="Vũ Văn Nguyễn Anh"), False),
        (Subject(common_name="Nguyễn Văn Vũ"), False),
        (Subject(common_name="", pseudonym="Vũ Văn Nguyễn"), True),
        (Subject(given_name="Văn Nguyễn", surname="Vũ"), True),
        (Subject(given_name="Vũ Văn", surname="Nguyễn"), True),
    ],
)
def test_the_leader_is_named_by_full_name(subject, expected):
    assert subject.names_person(LEADER_NAME) is expected


def test_subject_is_read_from_the_certificate():
    certificate = asn1_x509.Certificate.load(cast().leader.der)

    assert Subject.of(certificate) == Subject(
        common_name="Vũ Văn Nguyễn", organisation="UBND xã Nam Thanh Miện", title="Phó Chủ tịch"
    )


LEADER_CERT = Subject(common_name="Vũ Văn Nguyễn", organisation="UBND xã Nam Thanh Miện")
BODY_CERT = Subject(
    common_name="Ủy ban nhân dân xã Nam Thanh Miện", organisation="UBND thành phố Hải Phòng"
)
CLERK_CERT = Subject(common_name="Trần Thị Mai", organisation="UBND xã Nam Thanh Miện")


@pytest.mark.parametrize(
    ("subjects", "roles"),
    [
        ([LEADER_CERT, BODY_CERT], [LEADER, BODY]),
        ([BODY_CERT, LEADER_CERT], [BODY, LEADER]),
        # A certificate issued to the body (its name in O) stands for it when none is its own.
        ([LEADER_CERT, CLERK_CERT], [LEADER, BODY]),
        # The body's own certificate is preferred to one merely issued under it.
        ([LEADER_CERT, CLERK_CERT, BODY_CERT], [LEADER, None, BODY]),
        # The leader's certificate never plays the body, even signing twice.
        ([LEADER_CERT, LEADER_CERT], [LEADER, None]),
        ([BODY_CERT], [BODY]),
        ([Subject(common_name="UBND xã Tân Kỳ"), LEADER_CERT], [None, LEADER]),
        ([LEADER_CERT, Subject(common_name="UBND xã Nam Thanh Miện, Hải Phòng")], [LEADER, BODY]),
    ],
    ids=[
        "in order",
        "body first",
        "body in O",
        "own preferred",
        "leader twice",
        "body",
        "other",
        "with place",
    ],
)
def test_roles(subjects, roles):
    assert assign_roles(subjects, leader_name=LEADER_NAME, body_name=BODY_NAME) == roles
