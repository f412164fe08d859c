"""Forms of the self-registration: start, the registration itself, consent and
claims (the guided self-assessment is in assessment.py). They parse and
validate; the services write."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from collectives.models import Collective, CollectiveInstrument, Instrument, Role
from contributions.forms.fields import (
    LONG_TEXT,
    MAX_COUNT,
    PROFILE_LABELS,
    PROFILE_WIDGETS,
    DutchContentMixin,
    founded_year_field,
    location_field,
    plain_choices,
    rent_field,
    website_field,
)
from contributions.profile import (
    CONTACT_FIELDS,
    DRAFT_REQUIRED,
    PROFILE_SECTIONS,
    REGISTRATION_FIELDS,
    SUBMIT_REQUIRED,
)

# The registration's own labels, for the questions it asks first.
REGISTRATION_LABELS = {
    "name": _("Name of the collective"),
    "kind": _("Is it a building or an area?"),
    "tenure": _("How does the collective hold its space?"),
}


def _registration_section(names: list[str]) -> list[str]:
    """A profile fieldset's fields that the registration asks; it links the
    operator by name right after the governance form."""
    shown = []
    for name in names:
        if name in REGISTRATION_FIELDS:
            shown.append(name)
        if name == "governance":
            shown.append("operator_name")
    return shown


class RegistrationStartForm(forms.ModelForm):
    """The first step: what a draft needs to exist. `homepage` is a honeypot that
    people don't see; a bot that fills it in is shown success and nothing is made."""

    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    location = location_field()

    use_required_attribute = False

    class Meta:
        model = Collective
        fields = ["name", "kind", "tenure", "location"]
        labels = REGISTRATION_LABELS
        widgets = {"kind": forms.RadioSelect, "tenure": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = plain_choices(self.fields["kind"].choices)
        self.fields["tenure"].choices = plain_choices(self.fields["tenure"].choices)

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("homepage", "").strip())


class RegistrationForm(DutchContentMixin, forms.ModelForm):
    """Everything a registration asks. Saving a draft checks only what the
    database needs and what was typed (numbers, dates, addresses); continuing to
    the next step also needs what submission needs. Fields with mistakes are
    left out of `cleaned_data`, so the rest can still be saved."""

    location = location_field()
    website = website_field()
    founded_year = founded_year_field(help_text=_("The year the collective started."))
    entrepreneur_count = forms.IntegerField(
        label=_("Number of entrepreneurs"),
        required=False,
        min_value=0,
        max_value=MAX_COUNT,
    )
    floor_area_m2 = forms.IntegerField(
        label=_("Floor area (m²)"), required=False, min_value=0, max_value=10_000_000
    )
    rent_eur_m2_year = rent_field()
    operator_name = forms.CharField(
        label=_("Operator or legal entity"),
        help_text=_(
            "The organisation that runs the building or area, or the legal entity of "
            "the collective (foundation, cooperative, association)."
        ),
        required=False,
        max_length=200,
    )

    use_required_attribute = False

    class Meta:
        model = Collective
        fields = list(REGISTRATION_FIELDS)
        labels = {
            **PROFILE_LABELS,
            **REGISTRATION_LABELS,
            "tenure_detail": _("Contract and term"),
            "tenure_end_date": _("The contract ends on (if known)"),
        }
        help_texts = {
            "tenure_detail": _(
                "For example: rented from the municipality, five years from 2022."
            ),
            "member_demonym": _("For example: makers, Keilebewoners."),
        }
        widgets = {
            **PROFILE_WIDGETS,
            "kind": forms.RadioSelect,
            "tenure": forms.RadioSelect,
        }

    def __init__(
        self,
        *args,
        instruments: list[Instrument],
        for_submission: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        collective = self.instance
        fields = self.fields
        fields["kind"].choices = plain_choices(fields["kind"].choices)
        fields["tenure"].choices = plain_choices(fields["tenure"].choices)
        for name in ("entrepreneur_types", "description"):
            fields[name].max_length = LONG_TEXT
            fields[name].validators.append(MaxLengthValidator(LONG_TEXT))
        if collective.pk and collective.operator_id:
            fields["operator_name"].initial = collective.operator.name

        self.role_field_names = []
        counts = (
            {rc.role: rc.count_min for rc in collective.role_counts.all()}
            if collective.pk
            else {}
        )
        for role in Role:
            name = f"role_{role.value}"
            fields[name] = forms.IntegerField(
                label=capfirst(role.label),
                required=False,
                min_value=0,
                max_value=MAX_COUNT,
                initial=counts.get(role.value),
            )
            self.role_field_names.append(name)

        self.instruments = instruments
        self.instrument_field_names = []
        uses = (
            dict(
                CollectiveInstrument.objects.filter(collective=collective).values_list(
                    "instrument_id", "use"
                )
            )
            if collective.pk
            else {}
        )
        for instrument in instruments:
            name = f"instrument_{instrument.slug}"
            fields[name] = forms.ChoiceField(
                label=instrument.name,
                help_text=instrument.description,
                required=False,
                choices=[
                    ("", _("not")),
                    (CollectiveInstrument.Use.CONSIDERED, _("considered")),
                    (CollectiveInstrument.Use.USED, _("used")),
                ],
                widget=forms.RadioSelect,
                initial=uses.get(instrument.pk, ""),
            )
            self.instrument_field_names.append(name)

        required = SUBMIT_REQUIRED if for_submission else DRAFT_REQUIRED
        for name, field in fields.items():
            field.required = name in required
            field.needed_to_submit = name in SUBMIT_REQUIRED

    # --- what the services need, from the fields without mistakes --------------

    def collective_data(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in REGISTRATION_FIELDS
            if name in self.cleaned_data and name not in self.errors
        }

    def role_count_data(self) -> dict[int, int | None]:
        return {
            int(name.removeprefix("role_")): self.cleaned_data[name]
            for name in self.role_field_names
            if name in self.cleaned_data and name not in self.errors
        }

    def instrument_data(self) -> dict[Instrument, str]:
        return {
            instrument: self.cleaned_data[name]
            for instrument, name in zip(
                self.instruments, self.instrument_field_names, strict=True
            )
            if name in self.cleaned_data and name not in self.errors
        }

    def operator_name_data(self) -> str | None:
        if "operator_name" in self.errors:
            return None
        return self.cleaned_data.get("operator_name")

    # --- grouping for the template ---------------------------------------------

    def sections(self) -> list[tuple[str, list]]:
        """Fieldsets in the order the page shows them: (legend, bound fields)."""
        groups = [
            *(
                (legend, _registration_section(names))
                for legend, names in PROFILE_SECTIONS
            ),
            (_("Roles: how many people"), self.role_field_names),
        ]
        return [(legend, [self[name] for name in names]) for legend, names in groups]

    def instrument_fields(self) -> list:
        return [self[name] for name in self.instrument_field_names]

    def contact_fields(self) -> list:
        return [self[name] for name in CONTACT_FIELDS]


class ConsentForm(forms.Form):
    publication_consent = forms.BooleanField(
        label=_(
            "We agree that this profile is published on Collectievenatlas (the "
            "contact details are never published)."
        ),
        error_messages={"required": _("Publishing requires your consent.")},
    )


class ClaimForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the moderators"),
        help_text=_(
            "How are you involved in this collective? This helps the moderators "
            "check your claim."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
