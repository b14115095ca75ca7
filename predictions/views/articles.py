"""Articles pasted in the article step, kept in the filer's session until
they file from them, so that the source keeps the whole text (its captured
text, fingerprinted) and not only the quote."""

import hashlib

from sources.normalize import normalize_url

SESSION_KEY = "pasted-articles"
KEPT = 3  # the last few pasted: a filer may go back to an earlier tab


def keep(request, text: str, url: str = "") -> str:
    """Keep ``text`` (pasted as the article at ``url``, if given) for this
    session; the key the claim form carries."""
    key = hashlib.sha256(text.encode()).hexdigest()
    kept = {k: v for k, v in request.session.get(SESSION_KEY, {}).items() if k != key}
    kept[key] = {"text": text, "url": url}
    request.session[SESSION_KEY] = dict(list(kept.items())[-KEPT:])
    return key


def text_for(request, key: str | None, source_url: str) -> str:
    """The text kept under ``key`` if it was pasted as the page at
    ``source_url`` (both without an address, or the same address), else "":
    an article's text is never given to another page's source."""
    if not key:
        return ""
    kept = request.session.get(SESSION_KEY, {}).get(key)
    if not isinstance(kept, dict):
        return ""
    if _address(kept.get("url", "")) != _address(source_url):
        return ""
    return kept.get("text", "")


def words_kept(request, key: str | None) -> int:
    """How many words the article kept under ``key`` has (0: none kept)."""
    kept = request.session.get(SESSION_KEY, {}).get(key or "")
    return len(kept.get("text", "").split()) if isinstance(kept, dict) else 0


def _address(url: str) -> str:
    try:
        return normalize_url(url)
    except ValueError:
        return url.strip()
