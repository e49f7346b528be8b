"""Keeping passwords out of messages: database URLs are shown redacted."""
from __future__ import annotations

import re

# scheme://user:password@ (also in a malformed URL), and libpq's password=...
_URL_PASSWORD = re.compile(r"(?i)(\b[a-z][a-z0-9+.\-]*://[^\s:/@]*:)[^\s\"']*@")
_KEYWORD_PASSWORD = re.compile(r"(?i)(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)")


def redact(text: str, url: str | None = None) -> str:
    """`text` with every password of a URL or connection string replaced by ***; with `url`, also
    that URL's password wherever the text quotes it or a piece of it on its own (a driver's message
    about a password it could not parse: "invalid percent-encoded token", or a host read from the
    part of a password after an "@")."""
    for secret in url_secrets(url):
        text = text.replace(secret, "***")
    text = _URL_PASSWORD.sub(r"\1***@", text)
    return _KEYWORD_PASSWORD.sub(r"\1***", text)


def url_secrets(url: str | None) -> list[str]:
    """The password of `scheme://user:password@host/...` as written and percent-decoded, and its pieces
    between "@", ":" and "/" of three characters or more, longest first; none without a password."""
    from urllib.parse import unquote

    if not url or "://" not in url:
        return []
    authority = url.split("://", 1)[1]
    userinfo = authority.rpartition("@")[0]
    password = userinfo.partition(":")[2]
    if not password:
        return []
    pieces = {password, unquote(password)} | {p for p in re.split(r"[@:/]", password) if len(p) >= 3}
    return sorted(pieces, key=len, reverse=True)
