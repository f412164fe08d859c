"""Forms of the owner and moderation pages. They parse and validate; the
services write."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from collectives.models import Collective
from contributions.forms.fields import (
    LONG_TEXT,
    PROFILE_LABELS,
    PROFILE_WIDGETS,
    DutchContentMixin,
    founded_year_field,
    location_field,
    rent_field,
    website_field,
)
from contributions.profile import CONTACT_FIELDS, OWNER_EDIT_FIELDS, PROFILE_SECTIONS
from contributions.services import to_json

__all__ = [
    "CONTACT_FIELDS",
    "OWNER_EDIT_FIELDS",
    "PROFILE_SECTIONS",
    "BulkApproveForm",
    "DecisionForm",
    "DeleteAccountForm",
    "InvitationForm",
    "OwnerEditForm",
]


class OwnerEditForm(DutchContentMixin, forms.ModelForm):
    """An owner's edit of a published profile. It never saves: `proposed_data()`
    gives the changed values, as JSON, for services.propose_change."""

    location = location_field()
    founded_year = founded_year_field()
    rent_eur_m2_year = rent_field()
    website = website_field()

    use_required_attribute = False

    class Meta:
        model = Collective
        fields = OWNER_EDIT_FIELDS
        labels = PROFILE_LABELS
        widgets = PROFILE_WIDGETS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.max_length = LONG_TEXT
                field.validators.append(MaxLengthValidator(LONG_TEXT))

    def proposed_data(self) -> dict:
        """The values that differ from the published profile, JSON-ready."""
        return {
            name: to_json(self.cleaned_data[name])
            for name in OWNER_EDIT_FIELDS
            if name in self.changed_data
        }

    def sections(self) -> list[tuple[str, list]]:
        """Fieldsets in page order: (legend, bound fields)."""
        return [
            (legend, [self[name] for name in names])
            for legend, names in PROFILE_SECTIONS
        ]

    def contact_fields(self) -> list:
        return [self[name] for name in CONTACT_FIELDS]


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the co-owner"),
        help_text=_(
            "They get a link; once they log in with this address, they can "
            "manage the profile with you."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, owner_emails: set[str] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.owner_emails = {email.lower() for email in owner_emails}

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if email in self.owner_emails:
            raise forms.ValidationError(_("This address already belongs to an owner."))
        return email


class DecisionForm(forms.Form):
    """A moderator's decision: approve, or reject with a reason for the owner."""

    APPROVE = "approve"
    REJECT = "reject"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(APPROVE, _("Approve")), (REJECT, _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (sent to the owner when you reject)"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    use_required_attribute = False

    def __init__(self, *args, reason_is_sent: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not reason_is_sent:
            self.fields["reason"].label = _("Reason (needed when you reject)")

    def clean(self) -> dict:
        data = super().clean()
        if data.get("decision") == self.REJECT and not data.get("reason", "").strip():
            self.add_error("reason", _("Give a reason for the rejection."))
        return data

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == self.APPROVE


class BulkApproveForm(forms.Form):
    collectives = forms.ModelMultipleChoiceField(
        queryset=Collective.objects.filter(status=Collective.Status.SUBMITTED),
        error_messages={
            "required": _("Select the registrations to approve."),
            "invalid_choice": _("A selected registration is no longer waiting."),
            "invalid_pk_value": _("A selected registration is no longer waiting."),
        },
    )


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, delete my account"),
        error_messages={"required": _("Tick the box to confirm.")},
    )
