"""Saving checked areas and putting collectives in the area they fall in."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.gis.db.models.functions import Area as AreaSize
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Now

from collectives.models import Area, Collective
from core import content_version

BATCH_SIZE = 500


@dataclass
class Result:
    """What an import changed (or, in a dry run, would have changed)."""

    created: int  # areas with a new slug
    updated: int  # areas whose slug was already there
    assigned: int  # collectives moved to another area
    outside: list[str]  # slugs of collectives left in an imported area whose
    # new boundary does not cover their location


def save_areas(
    areas: list[Area], *, assign: bool, reassign_all: bool, dry_run: bool = False
) -> Result:
    """Create or update (by slug) `areas`, then, with `assign`, put collectives in
    the imported area covering their location, and bump the content version.
    Returns the counts as a Result. All in one transaction; with `dry_run` the
    writes are made (so the counts are exact) and then rolled back. A fixed
    number of queries, however many areas or collectives."""
    with transaction.atomic():
        result = _save(areas, assign=assign, reassign_all=reassign_all)
        if dry_run:
            transaction.set_rollback(True)
    return result


def _save(areas: list[Area], *, assign: bool, reassign_all: bool) -> Result:
    _adopt_known_slugs(areas)
    existing = {
        slug: (pk, approximate)
        for slug, pk, approximate in Area.objects.filter(
            slug__in=[area.slug for area in areas]
        )
        .order_by()
        .values_list("slug", "pk", "boundary_is_approximate")
    }
    Area.objects.bulk_create(
        areas,
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=["slug"],
        # The description is kept: it is written by hand, not imported.
        update_fields=[
            "name",
            "city",
            "kind",
            "boundary",
            "boundary_is_approximate",
            "updated_at",
        ],
    )
    imported = [area.pk for area in areas]
    assigned = 0
    if assign:
        was_approximate = [pk for pk, approximate in existing.values() if approximate]
        assigned = _assign_collectives(imported, was_approximate, reassign_all)
    content_version.bump()  # bulk writes send no model signals
    return Result(
        created=len(areas) - len(existing),
        updated=len(existing),
        assigned=assigned,
        outside=_outside(imported),
    )


def _adopt_known_slugs(areas: list[Area]) -> None:
    """An imported area whose slug is new but whose name and city match an area
    already here (e.g. a sketched outline from the fixtures, `schiemond`) takes
    that area's slug, so the real boundary replaces the sketch instead of
    standing beside it. One query; changes `areas` in place, returns None."""
    known = Area.objects.filter(
        Q(slug__in=[a.slug for a in areas]) | Q(name__in=[a.name for a in areas])
    ).values_list("slug", "name", "city")
    slugs = {slug for slug, _name, _city in known}
    by_name = {(name.casefold(), city.casefold()): slug for slug, name, city in known}
    taken = {a.slug for a in areas}
    for area in areas:
        match = by_name.get((area.name.casefold(), area.city.casefold()))
        if area.slug not in slugs and match and match not in taken:
            taken.add(match)
            area.slug = match


def _assign_collectives(
    imported: list[int], was_approximate: list[int], reassign_all: bool
) -> int:
    """One UPDATE: each eligible collective goes to the smallest imported area
    covering its location (the most specific, when districts and their
    neighbourhoods are imported together; a point on a shared border goes to one
    of them). Returns how many collectives changed area."""
    covering = Subquery(
        Area.objects.filter(pk__in=imported, boundary__covers=OuterRef("location"))
        .order_by(AreaSize("boundary"), "pk")
        .values("pk")[:1]
    )
    collectives = Collective.objects.all()
    if not reassign_all:
        # Areas updated just now were approximate until this import.
        collectives = collectives.filter(
            Q(area__isnull=True)
            | Q(area__boundary_is_approximate=True)
            | Q(area__in=was_approximate)
        )
    return (
        collectives.filter(
            Exists(
                Area.objects.filter(
                    pk__in=imported, boundary__covers=OuterRef("location")
                )
            )
        )
        .exclude(area=covering)
        # updated_at moves so API clients and the map cache see the change.
        .update(area=covering, updated_at=Now())
    )


def _outside(imported: list[int]) -> list[str]:
    """Slugs of collectives left in an imported area whose new boundary does not
    cover their location."""
    return list(
        Collective.objects.filter(area__in=imported)
        .exclude(area__boundary__covers=F("location"))
        .values_list("slug", flat=True)
    )
