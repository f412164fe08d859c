from __future__ import annotations

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from collectives import provenance
from core.exports import FORMATS, rows_frame, table_response
from valuefan.models import Assessment, Degree
from valuefan.selectors import position_points, position_rows, positions_figure

from .models import CaseStudy

DASH = "–"


def _degree(value: int | None) -> str | None:
    """A degree 1–5 in words with its number, e.g. "Very high (5 of 5)"."""
    if value is None:
        return None
    return _("%(label)s (%(value)d of 5)") % {
        "label": capfirst(Degree(value).label),
        "value": value,
    }


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
    # The collective's current reading, as the scatter, profiles and downloads
    # show it (AssessmentQuerySet.current_value).
    (_("Control over own space (regie)"), lambda case: _degree(case.current_regie)),
    (
        _("Internal cooperation (samenwerking)"),
        lambda case: _degree(case.current_samenwerking),
    ),
]


def _label(value: int | None) -> str | None:
    return capfirst(Degree(value).label) if value is not None else None


def _export_columns() -> list[tuple[str, object]]:
    """(column, how to read it) of the cross-case download: the table's rows,
    with numbers as numbers and their words in a column beside them, and
    whether the reading is derived from the whitepaper's text."""
    split = {
        str(_("Entrepreneurs")): [
            (_("Entrepreneurs"), lambda case: case.collective.entrepreneur_count),
            (
                _("Entrepreneurs (as the source puts it)"),
                lambda case: case.collective.entrepreneur_count_note or None,
            ),
        ],
        str(_("Control over own space (regie)")): [
            (
                _("Control over own space (regie), 1–5"),
                lambda case: case.current_regie,
            ),
            (
                _("Control over own space (regie)"),
                lambda case: _label(case.current_regie),
            ),
        ],
        str(_("Internal cooperation (samenwerking)")): [
            (
                _("Internal cooperation (samenwerking), 1–5"),
                lambda case: case.current_samenwerking,
            ),
            (
                _("Internal cooperation (samenwerking)"),
                lambda case: _label(case.current_samenwerking),
            ),
        ],
    }
    columns = [
        (_("Case"), lambda case: case.collective.name),
        (_("Case type"), lambda case: case.get_case_type_display()),
    ]
    for label, read in CROSS_CASE_ROWS:
        columns += split.get(str(label), [(label, read)])
    columns.append((_("Derived reading"), lambda case: case.reading_derived))
    return [(str(label), read) for label, read in columns]


def _ordered_cases(*, derived: bool = False) -> list[CaseStudy]:
    """Published case studies, primary cases first, then comparison cases;
    `derived` annotates whether their regie and samenwerking reading is derived
    from the source's text (`reading_derived`)."""
    cases = CaseStudy.objects.published().for_cross_case()
    if derived:
        cases = cases.annotate(
            reading_derived=Assessment.objects.public()
            .having("regie", "samenwerking")
            .current_value("derived_from_source", of=OuterRef("collective_id"))
        )
    cases = list(cases)
    return [c for c in cases if c.case_type == CaseStudy.CaseType.PRIMARY] + [
        c for c in cases if c.case_type == CaseStudy.CaseType.COMPARISON
    ]


@require_safe
def cross_case_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The cross-case table as CSV or XLSX: one row per case."""
    if fmt not in FORMATS:
        raise Http404
    columns = _export_columns()
    rows = [
        tuple(read(case) for _label, read in columns)
        for case in _ordered_cases(derived=True)
    ]
    return table_response(
        rows_frame(rows, [label for label, _read in columns]),
        fmt=fmt,
        filename="casussen",
        request=request,
        sources=provenance.source_notes(),
    )


@require_safe
def cross_case(request: HttpRequest) -> HttpResponse:
    """The studied cases side by side, primary cases first, then comparison cases."""
    ordered = _ordered_cases()
    primary = [c for c in ordered if c.case_type == CaseStudy.CaseType.PRIMARY]
    comparison = [c for c in ordered if c.case_type == CaseStudy.CaseType.COMPARISON]
    rows = [
        (label, [read(case) or DASH for case in ordered])
        for label, read in CROSS_CASE_ROWS
    ]
    sources = {case.source_id: case.source for case in ordered}
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


@require_safe
def positions_csv(request: HttpRequest) -> HttpResponse:
    """Regie and samenwerking of the whitepaper's cases as CSV."""
    columns = [
        _("collective"),
        _("control over own space (regie), 1–5"),
        _("regie"),
        _("internal cooperation (samenwerking), 1–5"),
        _("samenwerking"),
    ]
    rows = [
        (
            row["name"],
            row["regie"],
            row["regie_label"],
            row["samenwerking"],
            row["samenwerking_label"],
        )
        for row in position_rows(position_points())
    ]
    return table_response(
        rows_frame(rows, columns),
        fmt="csv",
        filename="regie-en-samenwerking",
        request=request,
        sources=provenance.source_notes(),
    )
