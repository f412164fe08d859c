"""The guided self-assessment of a registration: plain-language questions that
place the collective on the participation ladder, the directions it shows and
its value fan."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from valuefan.models import Direction, Reach, ValueTheme

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
    ladder, the directions of development it shows, and for each value theme how
    far its value reaches."""

    note = forms.CharField(
        label=_("Anything to add about your relation with the municipality?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    directions = forms.TypedMultipleChoiceField(
        label=_("In which of these directions is your collective developing today?"),
        help_text=_(
            "Tick all that apply: they develop side by side. Leave them all "
            "empty if you are not sure."
        ),
        choices=Direction.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    directions_note = forms.CharField(
        label=_("What shows this? A short example."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
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
        # The ladder questions first, then the note and directions, then themes.
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
        initial = {
            "directions": [d.direction for d in assessment.directions.all()],
            "directions_note": assessment.directions_note,
        }
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
