"""GeoJSON built in the database: geometries come out of PostGIS/SpatiaLite as
GeoJSON text (AsGeoJSON, 6 decimals, ~0.1 m) and are joined into a
FeatureCollection without a Python geometry object per row (see NOTES: 39 ms
against 1 051 ms for Django's serializer at 5 000 points)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.contrib.gis.db.models.functions import AsGeoJSON
from django.db.models import QuerySet
from django.urls import reverse

from .models import Area, Collective

PRECISION = 6
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def feature_collection(features: Iterable[tuple[str | None, dict[str, Any]]]) -> str:
    """A FeatureCollection from (geometry as GeoJSON text, properties) pairs."""
    parts = [
        f'{{"type":"Feature","geometry":{geometry or "null"},'
        f'"properties":{_dumps(properties)}}}'
        for geometry, properties in features
    ]
    return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"


def collectives_geojson(queryset: QuerySet[Collective]) -> str:
    """Points of the given collectives with the properties the map needs, in one query."""
    url_template = reverse("collectives:detail", kwargs={"slug": "__slug__"})
    rows = (
        queryset.annotate(geojson=AsGeoJSON("location", precision=PRECISION))
        .order_by("name", "pk")
        .values_list(
            "geojson",
            "slug",
            "name",
            "city",
            "area__name",
            "area__slug",
            "kind",
            "entrepreneur_count",
            "location_precision",
        )
    )
    return feature_collection(
        (
            geometry,
            {
                "slug": slug,
                "name": name,
                "city": city,
                "area": area,
                "area_slug": area_slug,
                "kind": kind,
                "url": url_template.replace("__slug__", slug),
                "entrepreneur_count": count,
                "approximate": precision == Collective.LocationPrecision.APPROXIMATE,
            },
        )
        for (
            geometry,
            slug,
            name,
            city,
            area,
            area_slug,
            kind,
            count,
            precision,
        ) in rows
    )


def areas_geojson(queryset: QuerySet[Area]) -> str:
    """Outlines of the given areas (those with a boundary), in one query."""
    rows = (
        queryset.filter(boundary__isnull=False)
        .annotate(geojson=AsGeoJSON("boundary", precision=PRECISION))
        .values_list("geojson", "slug", "name", "city", "boundary_is_approximate")
    )
    return feature_collection(
        (
            geometry,
            {"slug": slug, "name": name, "city": city, "approximate": approximate},
        )
        for geometry, slug, name, city, approximate in rows
    )
