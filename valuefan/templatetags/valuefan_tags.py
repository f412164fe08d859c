"""Template tags for the readings' shared texts."""

from django import template

from valuefan.models import RESEARCH_CAVEAT

register = template.Library()


@register.simple_tag
def research_caveat() -> str:
    """The whitepaper's caveat on its readings of the cases, verbatim (Dutch)."""
    return RESEARCH_CAVEAT
