"""Reading administrative documents (báo cáo, quyết định, công văn …) as documents.

A standalone library: `read_document(text)` returns the document's metadata
(type, number, issuer, date, subject, signers, recipients), its LEGAL_REF
citations and the spans of its boilerplate, or None for text that is not an
administrative document. See `document.py` for the output contract.
"""

from .document import AdminDocument, read_document
from .legal_refs import LegalRef, find_legal_refs
from .signers import Signer

__all__ = ["AdminDocument", "LegalRef", "Signer", "find_legal_refs", "read_document"]
