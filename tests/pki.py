"""A throwaway certificate authority for the signing tests, built with ``cryptography``.

A root, certificates for people and for bodies issued by it, revocation lists, and pyHanko
signers holding them. Nothing here touches the network: the revocation list address written
into the certificates (``http://ca.test/…``) is never fetched, the tests hand the lists over.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from pyhanko.sign.signers import SimpleSigner
from pyhanko_certvalidator.registry import SimpleCertificateStore

CRL_URL = "http://ca.test/{name}.crl"


@dataclass(frozen=True)
class Holder:
    """A certificate with its private key, and the chain above it (root last)."""

    certificate: x509.Certificate
    key: rsa.RSAPrivateKey
    chain: tuple[x509.Certificate, ...] = ()

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    @property
    def der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)

    def signer(self, *, embed_chain: bool = True) -> SimpleSigner:
        """A pyHanko signer that embeds this certificate and (as USB-token tools do) its chain."""
        der_key = self.key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        chain = [
            asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
            for c in (self.chain if embed_chain else ())
        ]
        return SimpleSigner(
            signing_cert=asn1_x509.Certificate.load(self.der),
            signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
            cert_registry=SimpleCertificateStore.from_certs(chain),
        )


def _key() -> rsa.RSAPrivateKey:
    # RSA 2048, as on the Vietnamese government and public CAs' tokens.
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(**parts: str) -> x509.Name:
    oids = {
        "cn": NameOID.COMMON_NAME,
        "o": NameOID.ORGANIZATION_NAME,
        "ou": NameOID.ORGANIZATIONAL_UNIT_NAME,
        "title": NameOID.TITLE,
        "l": NameOID.LOCALITY_NAME,
        "given": NameOID.GIVEN_NAME,
        "surname": NameOID.SURNAME,
        "pseudonym": NameOID.PSEUDONYM,
    }
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    attributes += [x509.NameAttribute(oids[key], value) for key, value in parts.items() if value]
    return x509.Name(attributes)


def _key_usage(*, ca: bool) -> x509.KeyUsage:
    """A CA signs certificates and CRLs; a person or body signs documents (digital signature
    and non-repudiation, "content commitment" in cryptography's words)."""
    return x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=not ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def make_root(common_name: str = "CA thử nghiệm CCHC", *, parent: Holder | None = None) -> Holder:
    """A self-signed root, or with ``parent`` an intermediate CA issued by it."""
    key = _key()
    name = _name(cn=common_name, o="Tổ chức chứng thực thử nghiệm")
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(parent.certificate.subject if parent else name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=3 * 365))
        .not_valid_after(now + timedelta(days=20 * 365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_key_usage(ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if parent is None:
        return Holder(builder.sign(key, hashes.SHA256()), key)
    certificate = builder.add_extension(
        x509.AuthorityKeyIdentifier.from_issuer_public_key(parent.key.public_key()), critical=False
    ).sign(parent.key, hashes.SHA256())
    return Holder(certificate, key, (parent.certificate, *parent.chain))


def issue(
    ca: Holder,
    *,
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
    **subject: str,
) -> Holder:
    """An end-entity signing certificate (non-repudiation) from ``ca``; ``subject`` takes
    cn, o, ou, title, l, given, surname, pseudonym."""
    key = _key()
    now = datetime.now(UTC)
    crl_point = x509.DistributionPoint(
        full_name=[
            x509.UniformResourceIdentifier(CRL_URL.format(name=ca.certificate.serial_number))
        ],
        relative_name=None,
        reasons=None,
        crl_issuer=None,
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(**subject))
        .issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid_from or now - timedelta(days=30))
        .not_valid_after(valid_until or now + timedelta(days=3 * 365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(ca=False), critical=True)
        .add_extension(x509.CRLDistributionPoints([crl_point]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False
        )
        .sign(ca.key, hashes.SHA256())
    )
    return Holder(certificate, key, (ca.certificate, *ca.chain))


def revocation_list(
    ca: Holder,
    revoked: tuple[Holder, ...] = (),
    *,
    published: datetime | None = None,
    next_update: datetime | None = None,
) -> bytes:
    """A DER CRL of ``ca`` listing ``revoked`` as revoked 40 days ago (before the signatures the
    tests make); by default published 41 days ago, next updated in 30 days."""
    now = datetime.now(UTC)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca.certificate.subject)
        .last_update(published or now - timedelta(days=41))
        .next_update(next_update or now + timedelta(days=30))
        .add_extension(x509.CRLNumber(1), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False
        )
    )
    for holder in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(holder.certificate.serial_number)
            .revocation_date(now - timedelta(days=40))
            .build()
        )
    return builder.sign(ca.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


LEADER_NAME = "Vũ Văn Nguyễn"
BODY_NAME = "UBND xã Nam Thanh Miện"


@dataclass(frozen=True)
class Cast:
    """The CAs and signers of the signing tests (made once per run: RSA keys take time)."""

    root: Holder
    stranger_root: Holder
    leader: Holder
    body: Holder
    stranger_leader: Holder  # the leader's name, from a CA nobody trusts
    expired_leader: Holder  # valid from 400 to 30 days ago
    revoked_leader: Holder  # revoked 40 days ago (listed in ``crl``)
    crl: bytes


@cache
def cast() -> Cast:
    now = datetime.now(UTC)
    root = make_root()
    stranger_root = make_root("CA không rõ nguồn gốc")
    leader = {"cn": LEADER_NAME, "title": "Phó Chủ tịch", "o": BODY_NAME}
    revoked_leader = issue(root, valid_from=now - timedelta(days=100), **leader)
    return Cast(
        root=root,
        stranger_root=stranger_root,
        leader=issue(root, **leader),
        body=issue(root, cn=BODY_NAME, o="UBND thành phố Hải Phòng"),
        stranger_leader=issue(stranger_root, **leader),
        expired_leader=issue(
            root,
            valid_from=now - timedelta(days=400),
            valid_until=now - timedelta(days=30),
            **leader,
        ),
        revoked_leader=revoked_leader,
        crl=revocation_list(root, (revoked_leader,)),
    )
