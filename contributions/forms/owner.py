"""Forms of the owner and moderation pages. They parse and validate; the
services in services.py write."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from collectives.models import FOUNDED_YEAR_MAX, FOUNDED_YEAR_MIN, Collective
from contributions.forms.registration import LONG_TEXT, MapPointField
from contributions.services import to_json

# The fields an owner edits (services.EDITABLE_FIELDS; a test keeps the two
# equal) in the order the edit page shows them, grouped; the contact details
# (never public) come last, in a fieldset of their own.
PROFILE_SECTIONS = [
    (_("The collective"), ["name", "kind", "founded_year", "description"]),
    (_("Where it is"), ["address", "postcode", "city", "location"]),
    (
        _("Entrepreneurs"),
        ["entrepreneur_count", "member_demonym", "entrepreneur_types"],
    ),
    (
        _("Space and contract"),
        [
            "tenure",
            "tenure_detail",
            "tenure_end_date",
            "building_count",
            "floor_area_m2",
            "outdoor_area_m2",
            "rent_eur_m2_year",
            "building_description",
            "building_history",
        ],
    ),
    (_("Organisation"), ["governance", "website", "other_websites"]),
]
CONTACT_FIELDS = ["contact_name", "contact_email", "contact_phone"]
OWNER_EDIT_FIELDS = [
    *(name for _legend, names in PROFILE_SECTIONS for name in names),
    *CONTACT_FIELDS,
]


class OwnerEditForm(forms.ModelForm):
    """An owner's edit of a published profile. It never saves: `proposed_data()`
    gives the changed values, as JSON, for services.propose_change."""

    location = MapPointField(
        label=_("Location"),
        help_text=_(
            "Click on the map where the collective is; drag the marker to move it."
        ),
    )
    founded_year = forms.IntegerField(
        label=_("Founded in"),
        required=False,
        min_value=FOUNDED_YEAR_MIN,
        max_value=FOUNDED_YEAR_MAX,
    )
    rent_eur_m2_year = forms.DecimalField(
        label=_("Rent (€ per m² per year, optional)"),
        required=False,
        min_value=0,
        max_digits=7,
        decimal_places=2,
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )

    use_required_attribute = False

    class Meta:
        model = Collective
        fields = OWNER_EDIT_FIELDS
        labels = {
            "name": _("Name of the collective"),
            "member_demonym": _("What are the members called?"),
            "entrepreneur_types": _("What kinds of entrepreneurs are there?"),
            "contact_name": _("Contact person"),
            "contact_email": _("E-mail address"),
            "contact_phone": _("Phone number"),
        }
        widgets = {
            "tenure_end_date": forms.DateInput(
                attrs={"type": "date"}, format="%Y-%m-%d"
            ),
            "entrepreneur_types": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "building_description": forms.Textarea(attrs={"rows": 3}),
            "building_history": forms.Textarea(attrs={"rows": 3}),
            "other_websites": forms.Textarea(attrs={"rows": 2}),
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "postcode": forms.TextInput(attrs={"autocomplete": "postal-code"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel"}),
        }

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
