"""One filter set for the map, the table and the GeoJSON, so that every view of
the collectives shows exactly the same selection for the same query string."""

from __future__ import annotations

import django_filters
import django_filters.fields
from django import forms
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from .models import Area, Collective


def _published_cities() -> list[tuple[str, str]]:
    cities = (
        Collective.objects.published()
        .order_by("city")
        .values_list("city", flat=True)
        .distinct()
    )
    return [(c, c) for c in cities]


class ListSelect(forms.Select):
    """A <select> with the same HTML as Django's, its options written in Python
    rather than through a template include each: with an area per 50 collectives,
    the template way took ~100 ms a page at 100 000 collectives (see bench/)."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        # Iterated once: a model choice iterator queries each time (and list()
        # would count the rows first).
        choices = list(iter(self.choices))
        if any(isinstance(label, list | tuple) for _value, label in choices):
            return super().render(name, value, attrs, renderer)  # option groups
        selected = set(self.format_value(value))
        options = []
        for option_value, label in choices:
            option_value = "" if option_value is None else str(option_value)
            mark = " selected" if option_value in selected else ""
            options.append(
                f'  <option value="{conditional_escape(option_value)}"{mark}>'
                f"{conditional_escape(label)}</option>\n"
            )
            if mark and not self.allow_multiple_selected:
                selected = set()  # only the first match, as Django's Select
        return format_html(
            '<select name="{}"{}>\n{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            SafeString("".join(options)),
        )


class AreaChoiceIterator(django_filters.fields.ModelChoiceIterator):
    """The area options from one `values_list` query, without a model instance per
    area (there is one area per ~50 collectives); labels as `Area.__str__`."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for slug, name, city in self.queryset.values_list("slug", "name", "city"):
            yield (slug, f"{name} ({city})")


class AreaChoiceField(django_filters.fields.ModelChoiceField):
    iterator = AreaChoiceIterator


class AreaChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = AreaChoiceField


class NullsLastOrderingFilter(django_filters.OrderingFilter):
    """Unknown values (no founding year, no count) sort last in both directions,
    as a reader of the table expects; PostgreSQL puts NULLs first when descending."""

    def get_ordering_value(self, param: str) -> OrderBy:
        descending = param.startswith("-")
        name = self.param_map.get(param.lstrip("-"), param.lstrip("-"))
        field = F(name)
        return field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)


class CollectiveFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    city = django_filters.ChoiceFilter(
        label=_("City"),
        choices=_published_cities,
        empty_label=_("All cities"),
        widget=ListSelect,
    )
    area = AreaChoiceFilter(
        label=_("Area"),
        queryset=Area.objects.only("slug", "name", "city"),
        to_field_name="slug",
        empty_label=_("All areas"),
        widget=ListSelect,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Collective.Kind.choices, empty_label=_("All kinds")
    )
    governance = django_filters.ChoiceFilter(
        label=_("Governance form"),
        choices=Collective.Governance.choices,
        empty_label=_("All governance forms"),
    )
    tenure = django_filters.ChoiceFilter(
        label=_("Contract type"),
        choices=Collective.Tenure.choices,
        empty_label=_("All contract types"),
    )
    sort = NullsLastOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("name", "name"),
            ("city", "city"),
            ("area__name", "area"),
            ("kind", "kind"),
            ("founded_year", "founded"),
            ("entrepreneur_count", "entrepreneurs"),
            ("floor_area_m2", "floor_area"),
        ),
        field_labels={
            "name": _("Name"),
            "city": _("City"),
            "area__name": _("Area"),
            "kind": _("Kind"),
            "founded_year": _("Founded"),
            "entrepreneur_count": _("Entrepreneurs"),
            "floor_area_m2": _("Floor area"),
        },
    )

    class Meta:
        model = Collective
        fields: list[str] = []

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        words = value.split()[:8]
        for word in words:
            queryset = queryset.filter(
                Q(name__icontains=word)
                | Q(city__icontains=word)
                | Q(area__name__icontains=word)
                | Q(member_demonym__icontains=word)
                # Both languages of the content (collectives/translation.py).
                | Q(entrepreneur_types_nl__icontains=word)
                | Q(entrepreneur_types_en__icontains=word)
                | Q(description_nl__icontains=word)
                | Q(description_en__icontains=word)
            )
        return queryset

    @property
    def qs(self) -> QuerySet:
        # Name and primary key break ties, so the order is stable across pages.
        qs = super().qs
        return (
            qs.order_by(*qs.query.order_by, "name", "pk") if qs.query.order_by else qs
        )
