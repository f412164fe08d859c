"""The owners' pages: their collectives, an edit of a published profile (a
proposed change that waits for moderation while the public keeps seeing the
approved version), co-owners by invitation, the history, the yearly
confirmation, and their own data: download it, or delete the account.

A collective's pages open only for its owners; anyone else gets a 404, a
moderator too, except on the history, which moderators may read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from collectives.models import (
    CONFIRMATION_INTERVAL,
    Claim,
    Collective,
    Invitation,
    ModerationState,
)
from contributions import services
from contributions.display import (
    display_value,
    field_labels,
    history_fields,
    proposed_diff,
)
from contributions.export import account_export
from contributions.forms.owner import DeleteAccountForm, InvitationForm, OwnerEditForm
from contributions.views._shared import form_page, owned

Status = Collective.Status
# What the history page says about a record with a known change reason.
HISTORY_REASONS = {
    services.HISTORY_CHANGE_APPROVED: gettext_lazy(
        "an owner's change, approved by a moderator"
    ),
    services.HISTORY_CONFIRMED: gettext_lazy("confirmed as still correct"),
    services.HISTORY_REMINDED: gettext_lazy("yearly reminder e-mailed to the owners"),
}
HISTORY_TYPES = {
    "+": gettext_lazy("created"),
    "~": gettext_lazy("changed"),
    "-": gettext_lazy("deleted"),
}


def _confirmation_flags(collective: Collective, now) -> None:
    """Set `confirmation_due` and `marked_unconfirmed` on a collective annotated
    by `with_last_confirmed()` (the yearly update round)."""
    due, marked = collective.confirmation_flags(now)
    collective.confirmation_due = due
    collective.marked_unconfirmed = marked


# --- the user's collectives ----------------------------------------------------


@login_required
@require_safe
def my_collectives(request: HttpRequest) -> HttpResponse:
    """The user's collectives: status, last updated, changes waiting."""
    now = timezone.now()
    collectives = list(
        Collective.objects.filter(owners=request.user)
        .with_last_confirmed()
        .annotate(
            pending_changes=Count(
                "proposed_changes",
                filter=Q(proposed_changes__state=ModerationState.SUBMITTED),
                distinct=True,
            )
        )
        .order_by("name", "pk")
    )
    for collective in collectives:
        _confirmation_flags(collective, now)
    claims = (
        Claim.objects.filter(user=request.user)
        .select_related("collective")
        .order_by("-created_at")
    )
    return render(
        request,
        "contributions/owner/my_collectives.html",
        {"collectives": collectives, "claims": claims},
    )


@login_required
@require_safe
def owner_collective(request: HttpRequest, slug: str) -> HttpResponse:
    """One collective for its owners: confirm it is still correct, or update it;
    changes waiting for moderation, co-owners and open invitations."""
    collective = owned(request, slug, Collective.objects.with_last_confirmed())
    _confirmation_flags(collective, timezone.now())
    changes = list(
        collective.proposed_changes.filter(
            Q(state=ModerationState.SUBMITTED)
            | Q(
                state=ModerationState.REJECTED,
                decided_at__gte=timezone.now() - CONFIRMATION_INTERVAL,
            )
        ).select_related("author")
    )
    for change in changes:
        change.diff = proposed_diff(collective, change.data)
    return render(
        request,
        "contributions/owner/collective.html",
        {
            "collective": collective,
            "pending": [c for c in changes if c.state == ModerationState.SUBMITTED],
            "rejected": [c for c in changes if c.state == ModerationState.REJECTED],
            "owners": collective.owners.order_by("email"),
            "invitations": collective.invitations.filter(accepted_at__isnull=True),
        },
    )


def _propose(
    request: HttpRequest, collective: Collective, form: OwnerEditForm
) -> HttpResponse:
    data = form.proposed_data()
    if not data:
        messages.info(
            request,
            _(
                "You did not change anything. If the profile is still "
                "correct, confirm it below."
            ),
        )
        return redirect("contributions:owner-collective", slug=collective.slug)
    services.propose_change(collective=collective, user=request.user, data=data)
    messages.success(
        request,
        _(
            "Thank you. Your change waits for a moderator; until it is "
            "approved, the public sees the profile as it was."
        ),
    )
    return redirect("contributions:owner-collective", slug=collective.slug)


@login_required
@require_http_methods(["GET", "POST"])
def owner_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Edit a published profile: the edit becomes a proposed change, and the
    public keeps seeing the approved version until a moderator approves it. A
    draft or rejected registration is edited in the registration form."""
    collective = owned(request, slug)
    if collective.status != Status.PUBLISHED:
        return render(
            request,
            "contributions/owner/edit_elsewhere.html",
            {"collective": collective},
        )
    # The form writes what it validates onto its instance: give it a copy when
    # it is posted, so nothing reaches the published row before moderation.
    posted = request.method == "POST"
    return form_page(
        request,
        OwnerEditForm,
        template="contributions/owner/edit.html",
        form_kwargs={
            "instance": Collective.objects.get(pk=collective.pk)
            if posted
            else collective
        },
        on_valid=lambda form: _propose(request, collective, form),
        context=lambda: {
            "collective": collective,
            "pending": collective.proposed_changes.filter(
                state=ModerationState.SUBMITTED
            ).count(),
        },
    )


@login_required
@require_POST
def owner_confirm(request: HttpRequest, slug: str) -> HttpResponse:
    """Nothing changed: the owner confirms the published profile is correct."""
    collective = owned(request, slug)
    try:
        services.confirm_collective(collective=collective, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Thank you: the profile is confirmed as still correct.")
        )
    return redirect("contributions:owner-collective", slug=collective.slug)


# --- co-owners -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def owner_invite(request: HttpRequest, slug: str) -> HttpResponse:
    """Invite a co-owner by e-mail: a one-time link."""
    collective = owned(request, slug)
    if collective.status == Status.ARCHIVED:
        raise Http404

    def invite(form: InvitationForm) -> HttpResponse:
        invitation = services.invite_co_owner(
            collective=collective,
            inviter=request.user,
            email=form.cleaned_data["email"],
        )
        messages.success(
            request,
            _("We sent an invitation to %(email)s.") % {"email": invitation.email},
        )
        return redirect("contributions:owner-collective", slug=collective.slug)

    return form_page(
        request,
        InvitationForm,
        template="contributions/owner/invite.html",
        form_kwargs={
            "owner_emails": set(collective.owners.values_list("email", flat=True))
        },
        on_valid=invite,
        context={
            "collective": collective,
            "invitations": collective.invitations.filter(accepted_at__isnull=True),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation: accept it with the invited (verified) address."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("collective"), token=token
    )
    error = ""
    if request.method == "POST" and invitation.accepted_at is None:
        try:
            collective = services.accept_invitation(
                invitation=invitation, user=request.user
            )
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(
                request,
                _("You are now an owner of %(name)s.") % {"name": collective.name},
            )
            return redirect("contributions:owner-collective", slug=collective.slug)
    address_matches = request.user.emailaddress_set.filter(
        email__iexact=invitation.email, verified=True
    ).exists()
    return render(
        request,
        "contributions/owner/accept_invitation.html",
        {
            "invitation": invitation,
            "collective": invitation.collective,
            "address_matches": address_matches,
            "error": error,
        },
    )


# --- history ---------------------------------------------------------------------


def _history_rows(collective: Collective, *, viewer_is_moderator: bool) -> list[dict]:
    """The collective's history records, newest first: when, who, what kind of
    record, which fields changed (the publication status with its new value)."""
    records = list(
        collective.history.select_related("history_user").order_by(
            "-history_date", "-history_id"
        )
    )
    owner_ids = set(collective.owners.values_list("pk", flat=True))
    status_field = Collective._meta.get_field("status")
    rows = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changed = []
        if previous is not None and record.history_type == "~":
            for name in record.diff_against(
                previous, included_fields=history_fields(record)
            ).changed_fields:
                label = field_labels([name])[0]
                if name == "status":
                    label = f"{label}: {display_value(status_field, record.status)}"
                if label not in changed:  # description and description_nl
                    changed.append(label)
        user = record.history_user
        if user is None:
            who = _("Collectievenatlas")
        elif user.pk in owner_ids or viewer_is_moderator:
            who = user.email
        else:
            who = _("a moderator or editor")
        rows.append(
            {
                "date": record.history_date,
                "who": who,
                "kind": HISTORY_TYPES.get(record.history_type, ""),
                "reason": HISTORY_REASONS.get(record.history_change_reason or "", ""),
                "changed": changed,
            }
        )
    return rows


@login_required
@require_safe
def owner_history(request: HttpRequest, slug: str) -> HttpResponse:
    """Every recorded change of a collective: for its owners and moderators."""
    moderator = services.is_moderator(request.user)
    queryset = Collective.objects.all()
    if not moderator:
        queryset = queryset.filter(owners=request.user)
    collective = get_object_or_404(queryset, slug=slug)
    return render(
        request,
        "contributions/owner/history.html",
        {
            "collective": collective,
            "rows": _history_rows(collective, viewer_is_moderator=moderator),
            "is_owner": moderator is False
            or collective.owners.filter(pk=request.user.pk).exists(),
        },
    )


# --- the account's data ----------------------------------------------------------


@login_required
@require_safe
def owner_data(request: HttpRequest) -> JsonResponse:
    """All the logged-in account's data as a JSON download: the account, its
    collectives with every field (contact details too), its proposed changes,
    claims and invitations."""
    response = JsonResponse(
        account_export(request.user),
        encoder=DjangoJSONEncoder,
        json_dumps_params={"indent": 2, "ensure_ascii": False},
    )
    filename = f"collectievenatlas-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    """Confirm, then delete the account: collectives it alone owns are archived
    (published) or deleted (never published); co-owned ones stay with the others."""
    collectives = list(
        Collective.objects.filter(
            pk__in=Collective.owners.through.objects.filter(user=request.user).values(
                "collective"
            )
        )
        .annotate(owner_count=Count("owners"))
        .order_by("name", "pk")
    )

    def delete(form: DeleteAccountForm) -> HttpResponse:
        user = request.user
        logout(request)
        services.delete_account(user=user)
        messages.success(request, _("Your account has been deleted."))
        return redirect("collectives:map")

    alone = [c for c in collectives if c.owner_count == 1]
    return form_page(
        request,
        DeleteAccountForm,
        template="contributions/owner/delete_account.html",
        on_valid=delete,
        context={
            "archived": [c for c in alone if c.status == Status.PUBLISHED],
            "deleted": [
                c
                for c in alone
                if c.status in (Status.DRAFT, Status.SUBMITTED, Status.REJECTED)
            ],
            "shared": [c for c in collectives if c.owner_count > 1],
        },
    )
