"""Moderation: a queue of submitted registrations, claims and proposed changes,
and a review page for each (approve, or reject with a reason the owner is sent).

Only for the moderators group and superusers: any other account gets a 403, a
visitor who is not logged in the login page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
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
from contributions.display import collective_rows, field_labels, proposed_diff
from contributions.duplicates import similar_collectives
from contributions.forms.owner import BulkApproveForm, DecisionForm
from contributions.views._shared import form_page
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


def decide(
    request: HttpRequest,
    *,
    get: Callable[[], object],
    decision: Callable[[object, DecisionForm], str],
    template: str,
    context: Callable[[object], dict],
    form_class=DecisionForm,
    form_kwargs: dict | None = None,
) -> HttpResponse:
    """A moderator's decision on what `get()` fetches: on a valid POST,
    `decision(subject, form)` calls the service and returns the message, and the
    moderator goes back to the queue. When the service refuses, its reasons
    show on the form and the page shows the subject as it is now."""
    subject = [get()]

    def on_valid(form) -> HttpResponse:
        try:
            note = decision(subject[0], form)
        except ValidationError:
            subject[0] = get()  # the service may have set values on it
            raise
        messages.success(request, note)
        return redirect("contributions:moderation")

    return form_page(
        request,
        form_class,
        template=template,
        form_kwargs=form_kwargs,
        on_valid=on_valid,
        context=lambda: context(subject[0]),
    )


# --- views ---------------------------------------------------------------------


def _approve_ticked(moderator, form: BulkApproveForm) -> str:
    approved = [
        services.approve_registration(collective=c, moderator=moderator)
        for c in form.cleaned_data["collectives"]
    ]
    return ngettext(
        "%(count)d registration approved and published.",
        "%(count)d registrations approved and published.",
        len(approved),
    ) % {"count": len(approved)}


def _queue() -> dict:
    owners = Prefetch("owners", get_user_model().objects.only("pk", "email"))
    changes = list(
        ProposedChange.objects.filter(state=ModerationState.SUBMITTED)
        .select_related("collective", "author")
        .order_by("created_at", "pk")
    )
    for change in changes:
        change.field_labels = field_labels(change.data)
    return {
        "registrations": Collective.objects.filter(status=Status.SUBMITTED)
        .select_related("area")
        .defer("area__boundary")
        .prefetch_related(owners)
        .order_by("submitted_at", "pk"),
        "claims": Claim.objects.filter(state=ModerationState.SUBMITTED)
        .select_related("collective", "user")
        .order_by("created_at", "pk"),
        "changes": changes,
    }


@moderator_required
@require_http_methods(["GET", "POST"])
def moderation_queue(request: HttpRequest) -> HttpResponse:
    """What waits for a moderator; POST approves the ticked registrations."""
    return decide(
        request,
        get=lambda: request.user,
        decision=_approve_ticked,
        form_class=BulkApproveForm,
        template="contributions/moderation/queue.html",
        context=lambda _moderator: _queue(),
    )


def _registration(slug: str) -> Collective:
    return get_object_or_404(
        Collective.objects.select_related("area", "operator", "source")
        .defer("area__boundary")
        .prefetch_related(
            "owners",
            Prefetch("role_counts", RoleCount.objects.order_by("role")),
            Prefetch(
                "instrument_uses",
                CollectiveInstrument.objects.select_related("instrument"),
            ),
        ),
        slug=slug,
    )


def _registration_page(collective: Collective) -> dict:
    assessments = (
        Assessment.objects.filter(
            collective=collective, assessor_kind=Assessment.AssessorKind.SELF
        )
        .select_related("ladder_step")
        .prefetch_related(
            Prefetch("reaches", ValueReach.objects.select_related("theme")),
            "directions",
        )
    )
    duplicates = [
        row
        for row in similar_collectives(name=collective.name, point=collective.location)
        if row["url"] != collective.get_absolute_url()
    ]
    return {
        "collective": collective,
        "rows": collective_rows(collective),
        "assessments": assessments,
        "duplicates": duplicates,
        "can_decide": collective.status == Status.SUBMITTED,
    }


@moderator_required
@require_http_methods(["GET", "POST"])
def moderate_collective(request: HttpRequest, slug: str) -> HttpResponse:
    """A registration as submitted, with its private contact details, its
    self-assessment and possible duplicates; approve or reject it."""

    def decision(collective: Collective, form: DecisionForm) -> str:
        if form.approve:
            services.approve_registration(collective=collective, moderator=request.user)
            note = _("%(name)s is approved and published.")
        else:
            services.reject_registration(
                collective=collective,
                moderator=request.user,
                reason=form.cleaned_data["reason"],
            )
            note = _("%(name)s is rejected; the owners got your reason.")
        return note % {"name": collective.name}

    return decide(
        request,
        get=lambda: _registration(slug),
        decision=decision,
        template="contributions/moderation/collective.html",
        context=_registration_page,
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

    def decision(change: ProposedChange, form: DecisionForm) -> str:
        services.decide_change(
            change=change,
            moderator=request.user,
            approve=form.approve,
            reason=form.cleaned_data["reason"],
        )
        note = (
            _("The change to %(name)s is approved and public.")
            if form.approve
            else _("The change to %(name)s is rejected; the owner got your reason.")
        )
        return note % {"name": change.collective.name}

    return decide(
        request,
        get=lambda: _change(pk),
        decision=decision,
        template="contributions/moderation/change.html",
        context=lambda change: {
            "change": change,
            "collective": change.collective,
            "diff": proposed_diff(change.collective, change.data),
            "can_decide": change.state == ModerationState.SUBMITTED,
        },
    )


def _claim_page(claim: Claim) -> dict:
    return {
        "claim": claim,
        "collective": claim.collective,
        "owners": claim.collective.owners.order_by("email"),
        "other_claims": Claim.objects.filter(
            collective=claim.collective, state=ModerationState.SUBMITTED
        )
        .exclude(pk=claim.pk)
        .select_related("user"),
        "can_decide": claim.state == ModerationState.SUBMITTED,
    }


@moderator_required
@require_http_methods(["GET", "POST"])
def moderate_claim(request: HttpRequest, pk: int) -> HttpResponse:
    """An account's request to become owner of an existing collective."""

    def decision(claim: Claim, form: DecisionForm) -> str:
        services.decide_claim(
            claim=claim,
            moderator=request.user,
            approve=form.approve,
            reason=form.cleaned_data["reason"],
        )
        note = (
            _("%(email)s is now an owner of %(name)s.")
            if form.approve
            else _("The claim of %(email)s on %(name)s is rejected.")
        )
        return note % {"email": claim.user.email, "name": claim.collective.name}

    return decide(
        request,
        get=lambda: get_object_or_404(
            Claim.objects.select_related("collective", "user"), pk=pk
        ),
        decision=decision,
        template="contributions/moderation/claim.html",
        context=_claim_page,
        form_kwargs={"reason_is_sent": False},
    )
