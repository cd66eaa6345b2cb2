"""Signed reports (issue 16): verification of the PDF a commune signs with its USB tokens,
bound to the PDF the application produced for the report. The modules re-exported here are
pure (no database): ``verify_signed_pdf`` and what it returns. ``services`` (imported on its
own) keeps the signed copies: upload, current copy, check again; ``forms`` is the upload
form."""

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
