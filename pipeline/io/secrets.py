"""Keeping passwords out of messages: database URLs are shown redacted."""
from __future__ import annotations

import re

# scheme://user:password@ (also in a malformed URL), and libpq's password=...
_URL_PASSWORD = re.compile(r"(?i)(\b[a-z][a-z0-9+.\-]*://[^\s:/@]*:)[^\s\"']*@")
_KEYWORD_PASSWORD = re.compile(r"(?i)(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)")


def redact(text: str) -> str:
    """`text` with every password of a URL or connection string replaced by ***."""
    text = _URL_PASSWORD.sub(r"\1***@", text)
    return _KEYWORD_PASSWORD.sub(r"\1***", text)
