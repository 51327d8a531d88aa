"""The secrets that admit: bridge point tokens and stream keys."""

import secrets


def new_token() -> str:
    """An unguessable, URL-safe secret (192 bits): bridge point tokens and stream keys."""
    return secrets.token_urlsafe(24)
