"""Template helpers of the secretary's pages."""

import uuid

from django import template

register = template.Library()


@register.simple_tag
def once_token() -> str:
    """A fresh once-only token (``core.once``) for a small form rendered by hand, such as a
    button beside each agenda item: each form on a page is sent once."""
    return str(uuid.uuid4())


@register.filter
def ballot_count(vote: object, choice: str) -> int:
    """How many of a vote's (prefetched) ballots are ``choice``."""
    return vote.count(choice)  # type: ignore[attr-defined]
