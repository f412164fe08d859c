"""Moderation: a queue of submitted registrations, claims and proposed changes,
and a review page for each (approve, or reject with a reason the owner is sent).

Only for the moderators group and superusers: any other account gets a 403, a
visitor who is not logged in the login page."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import (
    FieldDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db.models import Field, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from collectives.models import (
    Claim,
    Collective,
    CollectiveInstrument,
    ModerationState,
    ProposedChange,
    RoleCount,
)
from contributions import services
from contributions.duplicates import similar_collectives
from contributions.forms.owner import CONTACT_FIELDS, BulkApproveForm, DecisionForm
from valuefan.models import Assessment, ValueReach

Status = Collective.Status


def moderator_required(view):
    """Login first (a redirect), then the moderators group (else 403)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not services.is_moderator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapper)


# --- showing values ------------------------------------------------------------


def display_value(field: Field, value: object) -> object:
    """A model field's value as a page shows it: choices by their label, a point
    as latitude and longitude, empty as ''. Dates and numbers are left to the
    template, which formats them for the page's language."""
    if value is None or value == "":
        return ""
    if isinstance(value, GEOSGeometry):
        if value.geom_type == "Point":
            return f"{value.y:.6f}, {value.x:.6f}"
        return value.wkt
    if field.choices:
        return capfirst(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


def _parsed(field: Field, raw: object) -> object:
    """A proposed (JSON) value as the field's Python value, for comparison."""
    try:
        return services.from_json(field.name, field.to_python(raw))
    except ValidationError:
        return raw


def _same(current: object, proposed: object) -> bool:
    if isinstance(current, GEOSGeometry) or isinstance(proposed, GEOSGeometry):
        if current is None or proposed is None or not hasattr(proposed, "equals"):
            return current is None and proposed is None
        return current.equals_exact(proposed, tolerance=1e-7)
    if isinstance(current, str) and isinstance(proposed, str):
        # Browsers send line breaks as CRLF; what was stored may have LF.
        return current.replace("\r\n", "\n") == proposed.replace("\r\n", "\n")
    if current in (None, "") and proposed in (None, ""):
        return True
    return current == proposed


def proposed_diff(collective: Collective, data: dict) -> list[dict]:
    """The fields a proposed change would change, in the profile's field order:
    label, current (published) value and proposed value. Fields it would leave as
    they are, and names that are not fields, are left out."""
    rows = []
    for field in Collective._meta.concrete_fields:
        if field.name not in data:
            continue
        current = field.value_from_object(collective)
        proposed = _parsed(field, data[field.name])
        if _same(current, proposed):
            continue
        rows.append(
            {
                "name": field.name,
                "label": capfirst(field.verbose_name),
                "current": display_value(field, current),
                "proposed": display_value(field, proposed),
                "private": field.name in CONTACT_FIELDS,
            }
        )
    return rows


def field_labels(names) -> list[str]:
    labels = []
    for name in names:
        try:
            labels.append(capfirst(Collective._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:
            labels.append(name)
    return labels


def collective_rows(collective: Collective) -> list[dict]:
    """Every stored field of a collective (the contact details flagged as
    private), for the moderators' review."""
    rows = []
    for field in Collective._meta.concrete_fields:
        if field.primary_key:
            continue
        if field.is_relation:
            value = getattr(collective, field.name) or ""
        else:
            value = display_value(field, field.value_from_object(collective))
        rows.append(
            {
                "label": capfirst(field.verbose_name),
                "value": value,
                "private": field.name in CONTACT_FIELDS,
            }
        )
    return rows


def _decision_errors(form: DecisionForm, error: ValidationError) -> None:
    form.add_error(None, error.messages)


# --- views ---------------------------------------------------------------------


@moderator_required
@require_http_methods(["GET", "POST"])
def moderation_queue(request: HttpRequest) -> HttpResponse:
    """What waits for a moderator; POST approves the ticked registrations."""
    form = BulkApproveForm()
    if request.method == "POST":
        form = BulkApproveForm(request.POST)
        if form.is_valid():
            approved = [
                services.approve_registration(collective=c, moderator=request.user)
                for c in form.cleaned_data["collectives"]
            ]
            messages.success(
                request,
                ngettext(
                    "%(count)d registration approved and published.",
                    "%(count)d registrations approved and published.",
                    len(approved),
                )
                % {"count": len(approved)},
            )
            return redirect("contributions:moderation")
    owners = Prefetch("owners", get_user_model().objects.only("pk", "email"))
    registrations = (
        Collective.objects.filter(status=Status.SUBMITTED)
        .select_related("area")
        .defer("area__boundary")
        .prefetch_related(owners)
        .order_by("submitted_at", "pk")
    )
    claims = (
        Claim.objects.filter(state=ModerationState.SUBMITTED)
        .select_related("collective", "user")
        .order_by("created_at", "pk")
    )
    changes = list(
        ProposedChange.objects.filter(state=ModerationState.SUBMITTED)
        .select_related("collective", "author")
        .order_by("created_at", "pk")
    )
    for change in changes:
        change.field_labels = field_labels(change.data)
    return render(
        request,
        "contributions/moderation/queue.html",
        {
            "form": form,
            "registrations": registrations,
            "claims": claims,
            "changes": changes,
        },
    )


@moderator_required
@require_http_methods(["GET", "POST"])
def moderate_collective(request: HttpRequest, slug: str) -> HttpResponse:
    """A registration as submitted, with its private contact details, its
    self-assessment and possible duplicates; approve or reject it."""
    collective = get_object_or_404(
        Collective.objects.select_related("area", "operator", "source")
        .defer("area__boundary")
        .prefetch_related(
            "owners",
            Prefetch("role_counts", RoleCount.objects.order_by("role")),
            Prefetch(
                "collectiveinstrument_set",
                CollectiveInstrument.objects.select_related("instrument"),
            ),
        ),
        slug=slug,
    )
    form = DecisionForm()
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                if form.approve:
                    services.approve_registration(
                        collective=collective, moderator=request.user
                    )
                    note = _("%(name)s is approved and published.")
                else:
                    services.reject_registration(
                        collective=collective,
                        moderator=request.user,
                        reason=form.cleaned_data["reason"],
                    )
                    note = _("%(name)s is rejected; the owners got your reason.")
            except ValidationError as error:
                _decision_errors(form, error)
                collective.refresh_from_db()
            else:
                messages.success(request, note % {"name": collective.name})
                return redirect("contributions:moderation")
    assessments = (
        Assessment.objects.filter(
            collective=collective, assessor_kind=Assessment.AssessorKind.SELF
        )
        .select_related("ladder_step")
        .prefetch_related(
            Prefetch("reaches", ValueReach.objects.select_related("theme"))
        )
    )
    duplicates = [
        row
        for row in similar_collectives(name=collective.name, point=collective.location)
        if row["url"] != collective.get_absolute_url()
    ]
    return render(
        request,
        "contributions/moderation/collective.html",
        {
            "collective": collective,
            "rows": collective_rows(collective),
            "assessments": assessments,
            "duplicates": duplicates,
            "form": form,
            "can_decide": collective.status == Status.SUBMITTED,
        },
    )


def _change(pk: int) -> ProposedChange:
    return get_object_or_404(
        ProposedChange.objects.select_related("collective", "author", "decided_by"),
        pk=pk,
    )


@moderator_required
@require_http_methods(["GET", "POST"])
def moderate_change(request: HttpRequest, pk: int) -> HttpResponse:
    """An owner's proposed change as a diff against the published profile."""
    change = _change(pk)
    form = DecisionForm()
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                services.decide_change(
                    change=change,
                    moderator=request.user,
                    approve=form.approve,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                _decision_errors(form, error)
                change = _change(pk)  # decide_change may have set values on it
            else:
                note = (
                    _("The change to %(name)s is approved and public.")
                    if form.approve
                    else _(
                        "The change to %(name)s is rejected; the owner got your reason."
                    )
                )
                messages.success(request, note % {"name": change.collective.name})
                return redirect("contributions:moderation")
    return render(
        request,
        "contributions/moderation/change.html",
        {
            "change": change,
            "collective": change.collective,
            "diff": proposed_diff(change.collective, change.data),
            "form": form,
            "can_decide": change.state == ModerationState.SUBMITTED,
        },
    )


@moderator_required
@require_http_methods(["GET", "POST"])
def moderate_claim(request: HttpRequest, pk: int) -> HttpResponse:
    """An account's request to become owner of an existing collective."""
    claim = get_object_or_404(Claim.objects.select_related("collective", "user"), pk=pk)
    form = DecisionForm(reason_is_sent=False)
    if request.method == "POST":
        form = DecisionForm(request.POST, reason_is_sent=False)
        if form.is_valid():
            try:
                services.decide_claim(
                    claim=claim,
                    moderator=request.user,
                    approve=form.approve,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                _decision_errors(form, error)
                claim.refresh_from_db()
            else:
                note = (
                    _("%(email)s is now an owner of %(name)s.")
                    if form.approve
                    else _("The claim of %(email)s on %(name)s is rejected.")
                )
                messages.success(
                    request,
                    note % {"email": claim.user.email, "name": claim.collective.name},
                )
                return redirect("contributions:moderation")
    return render(
        request,
        "contributions/moderation/claim.html",
        {
            "claim": claim,
            "collective": claim.collective,
            "owners": claim.collective.owners.order_by("email"),
            "other_claims": Claim.objects.filter(
                collective=claim.collective, state=ModerationState.SUBMITTED
            )
            .exclude(pk=claim.pk)
            .select_related("user"),
            "form": form,
            "can_decide": claim.state == ModerationState.SUBMITTED,
        },
    )
