"""The language of human-readable text in answers: Chinese by default, English when the caller prefers it
(`Accept-Language: en`). Stable codes (`slug`, `rule`, enum values) never change with the language."""

from contextvars import ContextVar

#: a text in both languages, Chinese first
Text = str | tuple[str, str]

LANGUAGE: ContextVar[str] = ContextVar("language", default="zh")


def preferred(accept_language: str) -> str:
    """`en` when English ranks above Chinese in the header (RFC 9110 §12.5.4 weights), else `zh`."""
    best, best_q = "zh", 0.0
    for position, item in enumerate(accept_language.split(",")):
        tag, *params = [part.strip().lower() for part in item.split(";")]
        q = next((_weight(p[2:]) for p in params if p.startswith("q=")), 1.0) - position * 1e-6
        language = "en" if tag.startswith("en") else "zh" if tag.startswith("zh") else None
        if language and q > best_q:
            best, best_q = language, q
    return best


def _weight(value: str) -> float:
    try:
        return max(0.0, min(1.0, float(value)))
    except ValueError:
        return 0.0


def localized(text: Text) -> str:
    """The caller's language of a `(zh, en)` pair; a plain string is the same in both."""
    if isinstance(text, str):
        return text
    return text[1] if LANGUAGE.get() == "en" else text[0]
