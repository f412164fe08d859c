"""Self-registration: start a draft, fill it in (saving as you go), a guided
self-assessment, submit for moderation; the duplicate check and claims.

Only a draft's owners can open it (anyone else gets a 404). Nothing here is
public: a registration appears on the site once a moderator approves it."""

from __future__ import annotations

import datetime
import functools

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.gis.geos import Point
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from collectives.models import Claim, Collective, Instrument, ModerationState, RoleCount
from contributions import services
from contributions.duplicates import similar_collectives
from contributions.forms.assessment import SelfAssessmentForm
from contributions.forms.registration import (
    ClaimForm,
    ConsentForm,
    RegistrationForm,
    RegistrationStartForm,
)
from contributions.views._shared import form_page, owned
from valuefan.models import ValueTheme

Status = Collective.Status
EDITABLE = (Status.DRAFT, Status.REJECTED)

# Throttle: registrations started per account and per address (settings
# REGISTRATION_STARTS_PER_USER and _PER_ADDRESS) in 24 hours.
WINDOW = datetime.timedelta(hours=24)


# --- throttling ------------------------------------------------------------------


def _ip_key(request: HttpRequest) -> str:
    return f"registration-starts:{get_client_ip_address(request) or 'unknown'}"


def _recent_ip_starts(request: HttpRequest) -> list[float]:
    since = (timezone.now() - WINDOW).timestamp()
    return [t for t in cache.get(_ip_key(request), []) if t > since]


def _too_many_starts(request: HttpRequest) -> bool:
    """Per account: drafts it created in the last 24 h, from the history (so a
    deleted draft still counts). Per address: a list of start times in the cache
    (django-ratelimit refuses the local-memory cache, so it is done by hand)."""
    by_user = Collective.history.filter(
        history_type="+",
        history_user=request.user,
        history_date__gte=timezone.now() - WINDOW,
    ).count()
    return (
        by_user >= settings.REGISTRATION_STARTS_PER_USER
        or len(_recent_ip_starts(request)) >= settings.REGISTRATION_STARTS_PER_ADDRESS
    )


def _count_start(request: HttpRequest) -> None:
    starts = [*_recent_ip_starts(request), timezone.now().timestamp()]
    cache.set(_ip_key(request), starts, timeout=int(WINDOW.total_seconds()))


# --- helpers -----------------------------------------------------------------------


def _not_editable(collective: Collective) -> HttpResponse | None:
    """Where a registration goes once it is no longer a draft: the confirmation
    (submitted), the profile (published; the owner pages edit it) or nowhere."""
    if collective.status in EDITABLE:
        return None
    if collective.status == Status.SUBMITTED:
        return redirect("contributions:register-submit", slug=collective.slug)
    if collective.status == Status.PUBLISHED:
        return redirect(collective)
    raise Http404


def _duplicates_for(collective: Collective) -> list[dict]:
    return similar_collectives(name=collective.name, point=collective.location)


def _duplicates_labels() -> dict:
    """Words the page's script needs to list possible duplicates."""
    return {
        "heading": _(
            "Is your collective already in the atlas? These look similar; you can "
            "claim one instead of registering it again."
        ),
        "distance": _("%(metres)s m away"),
        "similar_name": _("similar name"),
        "claim": _("Claim this one"),
    }


def _missing_for_submission(collective: Collective) -> list[str]:
    """Labels of the fields submission still needs."""
    try:
        collective.clean_fields()
    except ValidationError as error:
        return [
            str(Collective._meta.get_field(name).verbose_name)
            for name in error.message_dict
        ]
    return []


def _error_lines(error: ValidationError) -> list[str]:
    """A service's validation errors as sentences, each naming its field."""
    if not hasattr(error, "error_dict"):
        return error.messages
    lines = []
    for name, texts in error.message_dict.items():
        try:
            label = str(Collective._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            label = ""
        lines.extend(
            f"{label.capitalize()}: {text}" if label else text for text in texts
        )
    return lines


def _steps(collective: Collective, current: int) -> list[dict]:
    names = [
        (1, _("Details"), "contributions:register-edit"),
        (2, _("Self-assessment"), "contributions:register-assessment"),
        (3, _("Check and submit"), "contributions:register-submit"),
    ]
    return [
        {"number": n, "label": label, "url_name": url, "current": n == current}
        for n, label, url in names
    ]


# --- views -------------------------------------------------------------------------


def _start(request: HttpRequest, form: RegistrationStartForm) -> HttpResponse:
    data = form.cleaned_data
    collective = services.start_registration(
        user=request.user,
        name=data["name"],
        kind=data["kind"],
        tenure=data["tenure"],
        location=data["location"],
    )
    _count_start(request)
    messages.success(
        request,
        _(
            "Your registration has been started and saved as a draft. "
            "Fill in what you know; you can come back later."
        ),
    )
    return redirect("contributions:register-edit", slug=collective.slug)


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """Start a registration (a draft owned by the user) and list the user's own."""
    if request.method == "POST":
        if RegistrationStartForm(request.POST).is_spam:
            # Look like success to a bot; make nothing.
            messages.success(request, _("Your registration has been started."))
            return redirect("contributions:register")
        if _too_many_starts(request):
            return render(
                request, "contributions/registration/throttled.html", status=429
            )
    registrations = (
        Collective.objects.filter(owners=request.user)
        .exclude(status=Status.ARCHIVED)
        .order_by("-updated_at")
    )
    return form_page(
        request,
        RegistrationStartForm,
        template="contributions/registration/start.html",
        on_valid=lambda form: _start(request, form),
        context={
            "registrations": registrations,
            "duplicates_labels": _duplicates_labels(),
        },
    )


class _DraftSaver:
    """Step 1's POST: whatever has no mistake is saved, valid or not; a valid
    form then goes on (to step 2, or back here with a message)."""

    def __init__(self, request: HttpRequest, collective: Collective):
        self.request, self.collective = request, collective
        self.going_on = request.POST.get("action") == "continue"
        self.saved_some = False

    def save(self, form: RegistrationForm) -> None:
        # The form wrote its values onto the instance; save from a clean copy,
        # with only the values that passed.
        self.collective.refresh_from_db()
        services.save_draft(
            collective=self.collective,
            user=self.request.user,
            data=form.collective_data(),
            role_counts=form.role_count_data(),
            instruments=form.instrument_data(),
            operator_name=form.operator_name_data(),
        )
        self.saved_some = True

    def save_and_go_on(self, form: RegistrationForm) -> HttpResponse:
        self.save(form)
        slug = self.collective.slug
        if self.going_on:
            return redirect("contributions:register-assessment", slug=slug)
        messages.success(self.request, _("Your draft has been saved."))
        return redirect("contributions:register-edit", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def register_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 1: the registration itself. "Save as draft" keeps whatever has no
    mistake; "Continue" also needs what submission needs, then goes to step 2."""
    collective = owned(
        request,
        slug,
        Collective.objects.select_related("operator").prefetch_related(
            Prefetch("role_counts", RoleCount.objects.order_by("role"))
        ),
    )
    if elsewhere := _not_editable(collective):
        return elsewhere
    saver = _DraftSaver(request, collective)
    return form_page(
        request,
        RegistrationForm,
        template="contributions/registration/edit.html",
        form_kwargs={
            "instance": collective,
            "instruments": list(Instrument.objects.all()),
            "for_submission": saver.going_on,
        },
        on_valid=saver.save_and_go_on,
        on_invalid=saver.save,
        context=lambda: {
            "collective": collective,
            "saved_some": saver.saved_some,
            "steps": _steps(collective, 1),
            "duplicates": _duplicates_for(collective),
            "duplicates_labels": _duplicates_labels(),
        },
    )


def _record_assessment(
    request: HttpRequest, collective: Collective, form: SelfAssessmentForm
) -> HttpResponse:
    services.record_self_assessment(
        collective=collective,
        ladder_step=form.ladder_step(),
        ladder_rationale=form.ladder_rationale(),
        directions=form.cleaned_data["directions"],
        directions_note=form.cleaned_data["directions_note"],
        reaches=form.reach_data(),
    )
    if request.POST.get("action") == "continue":
        return redirect("contributions:register-submit", slug=collective.slug)
    messages.success(request, _("Your self-assessment has been saved."))
    return redirect("contributions:register-assessment", slug=collective.slug)


@login_required
@require_http_methods(["GET", "POST"])
def register_assessment(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 2: the guided self-assessment (ladder step, directions, value fan). It is
    kept with the registration and becomes public only when a moderator
    approves the collective."""
    collective = owned(request, slug)
    if elsewhere := _not_editable(collective):
        return elsewhere
    return form_page(
        request,
        SelfAssessmentForm,
        template="contributions/registration/assessment.html",
        form_kwargs={"themes": list(ValueTheme.objects.order_by("order", "slug"))},
        initial=lambda: SelfAssessmentForm.initial_from(
            services.draft_self_assessment(collective)
        ),
        on_valid=lambda form: _record_assessment(request, collective, form),
        context={"collective": collective, "steps": _steps(collective, 2)},
    )


def _submit(
    request: HttpRequest, collective: Collective, errors: list[str], form: ConsentForm
) -> HttpResponse | None:
    """Submit with consent; the service's objections go to `errors`."""
    collective.publication_consent = True
    try:
        services.submit_registration(collective=collective, user=request.user)
    except ValidationError as error:
        collective.refresh_from_db()
        errors.extend(_error_lines(error))
        return None
    return redirect("contributions:register-submit", slug=collective.slug)


@login_required
@require_http_methods(["GET", "POST"])
def register_submit(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 3: check, give consent and submit; afterwards, what happens next."""
    collective = owned(request, slug)
    if collective.status == Status.SUBMITTED:
        return render(
            request,
            "contributions/registration/submitted.html",
            {"collective": collective},
        )
    if elsewhere := _not_editable(collective):
        return elsewhere
    submit_errors: list[str] = []
    submit = functools.partial(_submit, request, collective, submit_errors)
    return form_page(
        request,
        ConsentForm,
        template="contributions/registration/submit.html",
        initial={"publication_consent": collective.publication_consent},
        on_valid=submit,
        context=lambda: {
            "collective": collective,
            "submit_errors": submit_errors,
            "missing": _missing_for_submission(collective),
            "assessment": services.draft_self_assessment(collective),
            "duplicates": _duplicates_for(collective),
            "steps": _steps(collective, 3),
        },
    )


def _coordinate(value: str | None, limit: float) -> float | None:
    try:
        number = float(value or "")
    except ValueError:
        return None
    return number if -limit <= number <= limit else None  # also drops nan


@login_required
@require_GET
def register_duplicates(request: HttpRequest) -> JsonResponse:
    """JSON for the registration pages: published collectives with a similar
    name or within 150 m of `lat`/`lon`, each with a link to claim it."""
    name = request.GET.get("name", "")[:200]
    lat = _coordinate(request.GET.get("lat"), 90)
    lon = _coordinate(request.GET.get("lon"), 180)
    point = Point(lon, lat, srid=4326) if lat is not None and lon is not None else None
    return JsonResponse({"results": similar_collectives(name=name, point=point)})


@login_required
@require_http_methods(["GET", "POST"])
def claim(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask to become an owner of a published collective; a moderator decides."""
    collective = get_object_or_404(Collective.objects.published(), slug=slug)
    owner = collective.owners.filter(pk=request.user.pk).exists()
    waiting = Claim.objects.filter(
        collective=collective, user=request.user, state=ModerationState.SUBMITTED
    ).exists()

    def ask(form: ClaimForm) -> HttpResponse:
        services.claim_collective(
            collective=collective,
            user=request.user,
            message=form.cleaned_data["message"],
        )
        return redirect("contributions:claim", slug=collective.slug)

    return form_page(
        request,
        ClaimForm,
        template="contributions/registration/claim.html",
        accepts_post=not (owner or waiting),
        on_valid=ask,
        context={"collective": collective, "owner": owner, "waiting": waiting},
    )
