"""Forms of the self-registration: start, the registration itself, the guided
self-assessment, consent and claims. They parse and validate; the services in
services.py write."""

from __future__ import annotations

import math

from django import forms
from django.conf import settings
from django.contrib.gis import forms as gis_forms
from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, Point
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from leaflet.forms.widgets import LeafletWidget

from collectives.models import Collective, CollectiveInstrument, Instrument, Role
from contributions.services import REGISTRATION_FIELDS
from valuefan.models import Phase, Reach, ValueTheme

# A database row needs these; a draft without them cannot be saved at all.
DRAFT_REQUIRED = frozenset({"name", "kind", "tenure", "location"})
# Submission needs these too (the model's required fields).
SUBMIT_REQUIRED = DRAFT_REQUIRED | {"city", "governance"}
LONG_TEXT = 5000
MAX_COUNT = 100_000


class MapPointField(gis_forms.PointField):
    """A point placed on the map: any geometry text that does not parse, is not
    a 2D point or lies outside lon/lat bounds is a field error, never a 500."""

    widget = LeafletWidget
    default_error_messages = {
        "required": _("Place the point on the map."),
        "invalid_geom": _("Place the point on the map."),
        "invalid_geom_type": _("Place a single point on the map."),
        "transform_error": _("This point could not be read; place it on the map."),
        "out_of_bounds": _("Place the point on the map."),
    }

    def clean(self, value):
        try:
            if value not in self.empty_values:
                # Only lon/lat as the widget writes it; no other reference system.
                parsed = self.to_python(value)
                if parsed is not None and parsed.srid != self.widget.map_srid:
                    raise ValidationError(
                        self.error_messages["transform_error"], code="transform_error"
                    )
            point = super().clean(value)
        except (GEOSException, GDALException, ValueError, TypeError) as error:
            raise ValidationError(
                self.error_messages["transform_error"], code="transform_error"
            ) from error
        if point is None:
            return None
        if point.empty:
            raise ValidationError(self.error_messages["invalid_geom"], code="invalid")
        x, y = point.x, point.y
        if not (
            math.isfinite(x)
            and math.isfinite(y)
            and -180 <= x <= 180
            and -90 <= y <= 90
        ):
            raise ValidationError(
                self.error_messages["out_of_bounds"], code="out_of_bounds"
            )
        # Drop a third dimension: the column is 2D.
        return Point(x, y, srid=settings.GEOMETRY_SRID)


def _instrument_description(instrument: Instrument) -> str:
    english = (translation.get_language() or "nl").startswith("en")
    return (instrument.description_en if english else "") or instrument.description_nl


def _plain_choices(choices) -> list:
    """Choices without the empty '---------' entry (for radio buttons)."""
    return [(value, label) for value, label in choices if value != ""]


class RegistrationStartForm(forms.ModelForm):
    """The first step: what a draft needs to exist. `homepage` is a honeypot that
    people don't see; a bot that fills it in is shown success and nothing is made."""

    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    location = MapPointField(
        label=_("Location"),
        help_text=_(
            "Click on the map where the collective is; drag the marker to move it."
        ),
    )

    use_required_attribute = False

    class Meta:
        model = Collective
        fields = ["name", "kind", "tenure", "location"]
        labels = {
            "name": _("Name of the collective"),
            "kind": _("Is it a building or an area?"),
            "tenure": _("How does the collective hold its space?"),
        }
        widgets = {"kind": forms.RadioSelect, "tenure": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _plain_choices(self.fields["kind"].choices)
        self.fields["tenure"].choices = _plain_choices(self.fields["tenure"].choices)

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("homepage", "").strip())


class RegistrationForm(forms.ModelForm):
    """Everything a registration asks. Saving a draft checks only what the
    database needs and what was typed (numbers, dates, addresses); continuing to
    the next step also needs what submission needs. Fields with mistakes are
    left out of `cleaned_data`, so the rest can still be saved."""

    location = MapPointField(
        label=_("Location"),
        help_text=_(
            "Click on the map where the collective is; drag the marker to move it."
        ),
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    founded_year = forms.IntegerField(
        label=_("Founded in"),
        help_text=_("The year the collective started."),
        required=False,
        min_value=1800,
        max_value=2100,
    )
    entrepreneur_count = forms.IntegerField(
        label=_("Number of entrepreneurs"),
        required=False,
        min_value=0,
        max_value=MAX_COUNT,
    )
    floor_area_m2 = forms.IntegerField(
        label=_("Floor area (m²)"), required=False, min_value=0, max_value=10_000_000
    )
    rent_eur_m2_year = forms.DecimalField(
        label=_("Rent (€ per m² per year, optional)"),
        required=False,
        min_value=0,
        max_digits=7,
        decimal_places=2,
    )
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
            "name": _("Name of the collective"),
            "kind": _("Is it a building or an area?"),
            "tenure": _("How does the collective hold its space?"),
            "tenure_detail": _("Contract and term"),
            "tenure_end_date": _("The contract ends on (if known)"),
            "member_demonym": _("What are the members called?"),
            "entrepreneur_types": _("What kinds of entrepreneurs are there?"),
            "contact_name": _("Contact person"),
            "contact_email": _("E-mail address"),
            "contact_phone": _("Phone number"),
        }
        help_texts = {
            "tenure_detail": _(
                "For example: rented from the municipality, five years from 2022."
            ),
            "member_demonym": _("For example: makers, Keilebewoners."),
        }
        widgets = {
            "kind": forms.RadioSelect,
            "tenure": forms.RadioSelect,
            "tenure_end_date": forms.DateInput(
                attrs={"type": "date"}, format="%Y-%m-%d"
            ),
            "entrepreneur_types": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "postcode": forms.TextInput(attrs={"autocomplete": "postal-code"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel"}),
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
        fields["kind"].choices = _plain_choices(fields["kind"].choices)
        fields["tenure"].choices = _plain_choices(fields["tenure"].choices)
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
                help_text=_instrument_description(instrument),
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
            (_("The collective"), ["name", "kind", "founded_year", "description"]),
            (
                _("Where it is"),
                ["address", "postcode", "city", "location"],
            ),
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
                    "floor_area_m2",
                    "rent_eur_m2_year",
                ],
            ),
            (_("Organisation"), ["governance", "operator_name", "website"]),
            (_("Roles: how many people"), self.role_field_names),
        ]
        return [(legend, [self[name] for name in names]) for legend, names in groups]

    def instrument_fields(self) -> list:
        return [self[name] for name in self.instrument_field_names]

    def contact_fields(self) -> list:
        return [
            self[name] for name in ("contact_name", "contact_email", "contact_phone")
        ]


# --- the guided self-assessment ------------------------------------------------

# Each "yes" climbs one step of the participation ladder; the first "no" stops.
# Step 7 (entrepreneurs in control) is never reached by self-assessment.
LADDER_QUESTIONS = [
    (
        "informs",
        _(
            "Does the municipality keep you informed about plans and decisions that "
            "affect your building or area?"
        ),
    ),
    (
        "asks_opinion",
        _(
            "Does it ask your opinion before it decides, for example in a survey or "
            "an area meeting?"
        ),
    ),
    (
        "advice",
        _("Can you sit down with the municipality and give advice on its plans?"),
    ),
    (
        "partner",
        _(
            "Do you negotiate with the municipality as a partner, sharing part of "
            "the responsibility for plans and decisions?"
        ),
    ),
    (
        "peers",
        _(
            "Do you decide about the area together with the municipality, owners and "
            "developers, as equals?"
        ),
    ),
]
YES, NO = "yes", "no"


class SelfAssessmentForm(forms.Form):
    """Plain-language questions that place the collective on the participation
    ladder, its phase, and for each value theme how far its value reaches."""

    note = forms.CharField(
        label=_("Anything to add about your relation with the municipality?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    phase = forms.TypedChoiceField(
        label=_("Which phase describes your collective best today?"),
        choices=[("", _("I don't know"))] + list(Phase.choices),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, themes: list[ValueTheme], **kwargs):
        super().__init__(*args, **kwargs)
        answers = [("", _("no answer")), (YES, _("yes")), (NO, _("no"))]
        ladder_fields = {}
        for key, question in LADDER_QUESTIONS:
            ladder_fields[f"ladder_{key}"] = forms.ChoiceField(
                label=question,
                choices=answers,
                required=False,
                widget=forms.RadioSelect,
            )
        # The ladder questions first, then the note and phase, then the themes.
        self.fields = {**ladder_fields, **self.fields}
        self.themes = themes
        reach_choices = [("", _("none"))] + list(Reach.choices)
        for theme in themes:
            self.fields[f"reach_{theme.slug}"] = forms.TypedChoiceField(
                label=theme.name,
                help_text=theme.description,
                choices=reach_choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"evidence_{theme.slug}"] = forms.CharField(
                label=gettext("What shows this for “%(theme)s”? A short example.")
                % {"theme": theme.name},
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    @classmethod
    def initial_from(cls, assessment) -> dict:
        """Initial answers that reproduce a saved self-assessment."""
        if assessment is None:
            return {}
        initial = {"phase": assessment.phase}
        step = assessment.ladder_step.number if assessment.ladder_step else None
        note = assessment.ladder_rationale
        if step is not None:
            for index, (key, _question) in enumerate(LADDER_QUESTIONS, start=1):
                if index < step:
                    initial[f"ladder_{key}"] = YES
                elif index == step:
                    initial[f"ladder_{key}"] = NO
            # The rationale is the answers, a blank line, then the note.
            _answers, _sep, note = note.partition("\n\n")
        initial["note"] = note
        for reach in assessment.reaches.all():
            initial[f"reach_{reach.theme.slug}"] = reach.reach
            initial[f"evidence_{reach.theme.slug}"] = reach.evidence
        return initial

    def ladder_fields(self) -> list:
        return [self[f"ladder_{key}"] for key, _question in LADDER_QUESTIONS]

    def theme_fields(self) -> list[tuple]:
        return [
            (theme, self[f"reach_{theme.slug}"], self[f"evidence_{theme.slug}"])
            for theme in self.themes
        ]

    def clean(self):
        cleaned = super().clean()
        answers = [cleaned.get(f"ladder_{key}") or "" for key, _q in LADDER_QUESTIONS]
        if any(answers):
            for index, answer in enumerate(answers):
                if answer == NO:
                    break
                if not answer:
                    key = LADDER_QUESTIONS[index][0]
                    self.add_error(
                        f"ladder_{key}",
                        _("Answer this question too, so we can place your collective."),
                    )
                    break
        for theme in self.themes:
            evidence = cleaned.get(f"evidence_{theme.slug}", "")
            if evidence and cleaned.get(f"reach_{theme.slug}") is None:
                self.add_error(
                    f"reach_{theme.slug}",
                    _("Choose how far this value reaches, or remove the example."),
                )
        return cleaned

    def ladder_step(self) -> int | None:
        """1 plus the number of "yes" answers before the first "no" (so 1–6)."""
        answers = [
            self.cleaned_data.get(f"ladder_{key}") for key, _q in LADDER_QUESTIONS
        ]
        if not any(answers):
            return None
        step = 1
        for answer in answers:
            if answer != YES:
                break
            step += 1
        return step

    def ladder_rationale(self) -> str:
        """The questions and answers that placed the collective, in the site's
        language (moderators and the public history read them), plus the note."""
        note = self.cleaned_data.get("note", "").strip()
        if self.ladder_step() is None:
            return note
        with translation.override(settings.LANGUAGE_CODE):
            lines = [gettext("Answers in the self-assessment:")]
            for key, question in LADDER_QUESTIONS:
                answer = self.cleaned_data.get(f"ladder_{key}")
                if answer:
                    said = gettext("Yes") if answer == YES else gettext("No")
                    lines.append(f"- {question} {said}")
        return "\n".join(lines) + (f"\n\n{note}" if note else "")

    def reach_data(self) -> list[tuple[ValueTheme, int, str]]:
        return [
            (
                theme,
                self.cleaned_data[f"reach_{theme.slug}"],
                self.cleaned_data.get(f"evidence_{theme.slug}", "").strip(),
            )
            for theme in self.themes
            if self.cleaned_data.get(f"reach_{theme.slug}") is not None
        ]


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
