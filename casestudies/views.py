from __future__ import annotations

from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from valuefan.views import position_points, position_rows, positions_figure

from .models import CaseStudy

DASH = "–"

# (row label, how to read the cell from a case study) for the cross-case table.
CROSS_CASE_ROWS = [
    (_("Study area"), lambda case: case.study_area),
    (_("Level"), lambda case: case.get_level_display().capitalize()),
    (_("City"), lambda case: case.collective.city),
    (_("Founded"), lambda case: case.collective.founded_year),
    (
        _("Entrepreneurs"),
        lambda case: (
            intcomma(case.collective.entrepreneur_count)
            if case.collective.entrepreneur_count is not None
            else case.collective.entrepreneur_count_note
        ),
    ),
    (_("Members are called"), lambda case: case.collective.member_demonym),
    (_("Building"), lambda case: case.building),
    (_("Composition"), lambda case: case.composition),
    (_("Term"), lambda case: case.term),
    (_("Governance"), lambda case: case.governance),
    (_("Control over own space (regie)"), lambda case: case.regie),
    (_("Internal cooperation (samenwerking)"), lambda case: case.samenwerking),
]


@require_safe
def cross_case(request: HttpRequest) -> HttpResponse:
    """The studied cases side by side, primary cases first, then comparison cases."""
    cases = list(CaseStudy.objects.published().for_cross_case())
    primary = [c for c in cases if c.case_type == CaseStudy.CaseType.PRIMARY]
    comparison = [c for c in cases if c.case_type == CaseStudy.CaseType.COMPARISON]
    ordered = primary + comparison
    rows = [
        (label, [read(case) or DASH for case in ordered])
        for label, read in CROSS_CASE_ROWS
    ]
    sources = {case.source_id: case.source for case in cases}
    points = position_points()
    return render(
        request,
        "casestudies/cross_case.html",
        {
            "cases": ordered,
            "primary": primary,
            "comparison": comparison,
            "rows": rows,
            "sources": list(sources.values()),
            "positions_figure": positions_figure(points) if points else None,
            "position_rows": position_rows(points),
        },
    )
