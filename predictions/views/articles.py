"""Articles pasted in the article step, kept in the filer's session until
they file from them, so that the source keeps the whole text (its captured
text, fingerprinted) and not only the quote."""

import hashlib

SESSION_KEY = "pasted-articles"
KEPT = 3  # the last few pasted: a filer may go back to an earlier tab


def keep(request, text: str) -> str:
    """Keep ``text`` for this session; the key the claim form carries."""
    key = hashlib.sha256(text.encode()).hexdigest()
    kept = {k: v for k, v in request.session.get(SESSION_KEY, {}).items() if k != key}
    kept[key] = text
    request.session[SESSION_KEY] = dict(list(kept.items())[-KEPT:])
    return key


def kept(request, key: str | None) -> str:
    """The text kept under ``key``, or "" (another session's key, or forgotten)."""
    if not key:
        return ""
    return request.session.get(SESSION_KEY, {}).get(key, "")
