"""The participation ladder explained, with the collectives placed on it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .. import selectors


@require_safe
def ladder_page(request: HttpRequest) -> HttpResponse:
    """The seven steps, top step first, with the published collectives placed on
    their current step (a bounded list per step)."""
    return render(
        request, "collectives/ladder.html", {"steps": selectors.ladder_placements()}
    )
