"""Signed reports (issue 16): verification of the PDF a commune signs with its USB tokens,
bound to the PDF the application produced for the report. No database and no views here: the
upload page, the models and the ``verify_signed`` command call ``verify_signed_pdf``."""

from .messages import Notice, describe
from .trust import TrustRoots, TrustRootsError
from .verify import ProducedPdf, SignatureCheck, Verification, verify_signed_pdf

__all__ = [
    "Notice",
    "ProducedPdf",
    "SignatureCheck",
    "TrustRoots",
    "TrustRootsError",
    "Verification",
    "describe",
    "verify_signed_pdf",
]
