"""Which published collectives a new registration may duplicate: one with a
similar name, or one within 150 m of the point placed on the map."""

from __future__ import annotations

from difflib import SequenceMatcher

from django.contrib.gis.db.models.functions import Distance
from django.contrib.gis.geos import Point
from django.contrib.gis.measure import D
from django.urls import reverse

from collectives.models import Collective

NEARBY_METRES = 150
# The geometry column is in degrees: a cheap box first (it can use the spatial
# index; 0.01° is at least 150 m in every direction below 82° latitude), then
# the distance on the sphere in metres.
NEARBY_BOX_DEGREES = 0.01
NAME_RATIO = 0.8
# Names are compared in Python; past a few thousand published collectives a
# trigram index (pg_trgm) would be the better tool.
MAX_NAME_CANDIDATES = 5000
MIN_CONTAINED = 4


def _normalised(name: str) -> str:
    return " ".join(name.casefold().split())


def _names_alike(wanted: str, other: str) -> bool:
    """Case-insensitive containment either way (for names of some length), or a
    difflib ratio of at least 0.8."""
    if min(len(wanted), len(other)) >= MIN_CONTAINED and (
        wanted in other or other in wanted
    ):
        return True
    matcher = SequenceMatcher(None, wanted, other)
    return (
        matcher.real_quick_ratio() >= NAME_RATIO
        and matcher.quick_ratio() >= NAME_RATIO
        and matcher.ratio() >= NAME_RATIO
    )


def similar_collectives(
    *, name: str = "", point: Point | None = None, limit: int = 10
) -> list[dict]:
    """Published collectives that may be the one being registered, nearest first,
    then by name: dicts with `name`, `city`, `url`, `claim_url`, `nearby` (bool),
    `similar_name` (bool) and `distance_m` (whole metres, or None)."""
    published = Collective.objects.published()
    found: dict[int, dict] = {}
    if point is not None:
        near = (
            published.filter(location__dwithin=(point, NEARBY_BOX_DEGREES))
            .filter(location__distance_lte=(point, D(m=NEARBY_METRES)))
            .annotate(distance=Distance("location", point))
            .order_by("distance", "name")
            .values("pk", "name", "slug", "city", "distance")[:limit]
        )
        for row in near:
            found[row["pk"]] = {**row, "nearby": True, "similar_name": False}
    wanted = _normalised(name)
    if len(wanted) >= 3:
        candidates = published.order_by("name", "pk").values(
            "pk", "name", "slug", "city"
        )[:MAX_NAME_CANDIDATES]
        for row in candidates:
            if not _names_alike(wanted, _normalised(row["name"])):
                continue
            if row["pk"] in found:
                found[row["pk"]]["similar_name"] = True
            else:
                found[row["pk"]] = {
                    **row,
                    "distance": None,
                    "nearby": False,
                    "similar_name": True,
                }
    rows = sorted(
        found.values(),
        key=lambda r: (
            not r["nearby"],
            r["distance"].m if r["distance"] is not None else 0,
            r["name"].casefold(),
        ),
    )[:limit]
    return [
        {
            "name": row["name"],
            "city": row["city"],
            "url": reverse("collectives:detail", kwargs={"slug": row["slug"]}),
            "claim_url": reverse("contributions:claim", kwargs={"slug": row["slug"]}),
            "nearby": row["nearby"],
            "similar_name": row["similar_name"],
            "distance_m": (
                round(row["distance"].m) if row["distance"] is not None else None
            ),
        }
        for row in rows
    ]
