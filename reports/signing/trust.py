"""The trust roots of signed reports: the folder of CA certificates and revocation lists that a
deployment names in ``CCHC_TRUST_ROOTS``, and the pyHanko validation context built from it for
one signature at its signing time.

Self-signed certificates in the folder are trust anchors; other CA certificates help build the
chain (signing tools usually embed them anyway); ``*.crl`` files (PEM or DER) are used to check
revocation. Fetching CRLs and OCSP answers over the network is off unless
``CCHC_REVOCATION_FETCH`` turns it on: a server without internet access would otherwise wait for
every timeout on every upload.
"""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from asn1crypto import crl, pem, x509
from django.core.exceptions import ImproperlyConfigured
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.policy_decl import REQUIRE_REVINFO, CertRevTrustPolicy

CERTIFICATE_SUFFIXES = frozenset({".pem", ".crt", ".cer", ".der"})
CRL_SUFFIXES = frozenset({".crl"})
FETCH_TIMEOUT_SECONDS = 5


class TrustRootsError(ImproperlyConfigured):
    """The configured folder cannot be read; the message is Vietnamese, for the operator."""


@dataclass(frozen=True)
class TrustRoots:
    anchors: tuple[x509.Certificate, ...] = ()
    intermediates: tuple[x509.Certificate, ...] = ()
    crls: tuple[crl.CertificateList, ...] = ()
    fetch: bool = False
    folder: str = ""

    @classmethod
    def from_folder(cls, folder: str | Path, *, fetch: bool = False) -> "TrustRoots":
        path = Path(folder)
        if not path.is_dir():
            raise TrustRootsError(
                "CCHC_TRUST_ROOTS=" + str(folder) + " không phải là một thư mục trên máy chủ."
            )
        anchors, intermediates, crls = [], [], []
        for file in sorted(path.iterdir()):
            suffix = file.suffix.lower()
            if not file.is_file() or suffix not in CERTIFICATE_SUFFIXES | CRL_SUFFIXES:
                continue
            try:
                for kind, der in _blocks(file, suffix):
                    if kind == "crl":
                        crls.append(_parsed(crl.CertificateList.load(der)))
                        continue
                    certificate = _parsed(x509.Certificate.load(der))
                    (anchors if certificate.self_issued else intermediates).append(certificate)
            except (ValueError, TypeError) as error:
                raise TrustRootsError(
                    "Không đọc được tệp " + file.name + " trong CCHC_TRUST_ROOTS: " + str(error)
                ) from error
        return cls(tuple(anchors), tuple(intermediates), tuple(crls), fetch, str(path))

    @classmethod
    def from_settings(cls) -> "TrustRoots":
        from django.conf import settings

        folder = getattr(settings, "CCHC_TRUST_ROOTS", "")
        fetch = getattr(settings, "CCHC_REVOCATION_FETCH", False)
        return cls.from_folder(folder, fetch=fetch) if folder else cls(fetch=fetch)

    @property
    def revocation_data(self) -> bool:
        """Whether revocation can be checked at all: lists in the folder, or fetching on."""
        return bool(self.crls) or self.fetch

    def validation_context(
        self, moment: datetime | None, *, require_revocation: bool = False
    ) -> ValidationContext:
        """A context that validates a chain at ``moment`` (the signing time).

        Revocation lists downloaded after the signing are used for it (``retroactive_revinfo``):
        a certificate absent from today's list was not revoked when it signed, and one listed
        carries its revocation date. With ``require_revocation`` a chain whose revocation cannot
        be checked does not validate, which tells "trusted" from "trusted, revocation checked".
        """
        options = {}
        if require_revocation:
            options["revinfo_policy"] = CertRevTrustPolicy(
                REQUIRE_REVINFO, retroactive_revinfo=True
            )
        else:
            options.update(revocation_mode="soft-fail", retroactive_revinfo=True)
        if self.fetch:
            from pyhanko_certvalidator.fetchers.aiohttp_fetchers import AIOHttpFetcherBackend

            options["fetcher_backend"] = AIOHttpFetcherBackend(
                per_request_timeout=FETCH_TIMEOUT_SECONDS
            )
        return ValidationContext(
            # An empty list, never None: None would fall back to the operating system's TLS
            # roots, which are not signing roots.
            trust_roots=list(self.anchors),
            other_certs=list(self.intermediates),
            crls=list(self.crls),
            allow_fetching=self.fetch,
            moment=moment,
            **options,
        )


def _parsed(value):
    """asn1crypto parses lazily; parse now, so that a broken file fails when the folder is read
    rather than in the middle of an upload."""
    _ = value.native
    return value


def _blocks(file: Path, suffix: str):
    """(kind, DER) for each certificate or CRL in a PEM file (several may be concatenated) or
    the one in a DER file."""
    data = file.read_bytes()
    if pem.detect(data):
        for name, _headers, der in pem.unarmor(data, multiple=True):
            yield ("crl" if "CRL" in name else "certificate"), der
    else:
        yield ("crl" if suffix in CRL_SUFFIXES else "certificate"), data
