"""Checking every feature of a layer: name, city, slug and geometry, each made
into an unsaved `Area` or a list of what is wrong with it.

Nothing here reads or writes the database."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.gis.gdal import CoordTransform, GDALException
from django.contrib.gis.gdal.feature import Feature
from django.contrib.gis.gdal.layer import Layer
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from collectives.models import Area

from .reading import BoundaryError

# Longitude/latitude box around the European Netherlands, with a margin. A
# boundary outside it almost always means a wrong or missing coordinate system.
NETHERLANDS = (3.0, 50.5, 7.5, 53.8)
OGR_POLYGON, OGR_MULTIPOLYGON = 3, 6
SLUG_MAX_LENGTH = Area._meta.get_field("slug").max_length


@dataclass
class Checked:
    """One feature as read from the file: the area it becomes, or what is wrong."""

    number: int  # 1-based position in the layer
    fid: int
    name: str
    area: Area | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """How reports name the feature: its position, fid and name if any."""
        label = f"feature {self.number} (fid {self.fid})"
        return f'{label} "{self.name}"' if self.name else label


def check_kind(kind: str) -> None:
    """Raise BoundaryError unless `kind` is one of Area.Kind. Returns None."""
    if kind not in Area.Kind.values:  # call_command() skips argparse choices
        raise BoundaryError(
            f"Unknown --kind {kind!r}; choose one of: {', '.join(Area.Kind.values)}."
        )


def read_features(
    layer: Layer,
    *,
    transform: CoordTransform,
    kind: str,
    name_field: str,
    slug_field: str | None = None,
    city_field: str | None = None,
    city: str | None = None,
    make_valid: bool = False,
    extent_check: bool = True,
) -> list[Checked]:
    """Every feature of `layer`, in order, each as a Checked holding an unsaved
    Area or its problems (and notes on repairs made with `make_valid`). The city
    comes from `city_field` if given, else is `city`. Reads no database."""
    checked = []
    slugs: dict[str, Checked] = {}
    with _geos_notices_silenced():
        for number, feature in enumerate(layer, start=1):
            item = Checked(number, feature.fid, _text(feature.get(name_field)))
            checked.append(item)
            if not item.name:
                item.problems.append(f"empty name (field {name_field!r})")
            area_city = _text(feature.get(city_field)) if city_field else city.strip()
            if not area_city:
                item.problems.append(f"empty city (field {city_field!r})")
            slug = _slug(item, feature, slug_field, area_city, slugs)
            boundary = _boundary(item, feature, transform, make_valid, extent_check)
            if item.problems:
                continue
            area = Area(
                name=item.name,
                slug=slug,
                city=area_city,
                kind=kind,
                boundary=boundary,
                boundary_is_approximate=False,
            )
            try:
                # Slugs are made unique above; the database enforces it again.
                area.full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                item.problems.extend(
                    f"{name}: {' '.join(messages)}"
                    for name, messages in error.message_dict.items()
                )
                continue
            item.area = area
    return checked


def valid_areas(features: list[Checked], layer_name: str) -> list[Area]:
    """The unsaved areas of `features`, all or nothing: raises BoundaryError with
    one line per problem of every feature if any feature has a problem, or if
    there are no features at all."""
    bad = [feature for feature in features if feature.problems]
    if bad:
        lines = [
            f"{feature.label}: {problem}"
            for feature in bad
            for problem in feature.problems
        ]
        raise BoundaryError(
            f"{len(bad)} of {len(features)} features in layer {layer_name!r} "
            "have problems; nothing was imported.\n" + "\n".join(lines)
        )
    if not features:
        raise BoundaryError(f"Layer {layer_name!r} has no features.")
    return [feature.area for feature in features]


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _slug(
    item: Checked,
    feature: Feature,
    slug_field: str | None,
    city: str,
    taken: dict[str, Checked],
) -> str:
    """The feature's slug: from `slug_field`, or made from name and city with a
    -2, -3… suffix when `taken` has it. Problems go to `item.problems`; the slug
    is recorded in `taken`."""
    if slug_field:
        slug = slugify(_text(feature.get(slug_field)))
        if not slug:
            item.problems.append(f"empty slug (field {slug_field!r})")
        elif slug in taken:
            item.problems.append(f"slug {slug!r} is also used by {taken[slug].label}")
        else:
            taken[slug] = item
        return slug
    # Leave room for a "-2" style suffix within the field's length.
    base = slugify(f"{item.name} {city}")[: SLUG_MAX_LENGTH - 6].rstrip("-")
    if not base:
        if item.name and city:
            item.problems.append("name and city make no slug; use --slug-field")
        return ""
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken[slug] = item
    return slug


def _boundary(
    item: Checked,
    feature: Feature,
    transform: CoordTransform,
    make_valid: bool,
    extent_check: bool,
) -> MultiPolygon | None:
    """The feature's geometry as a MultiPolygon in the project's SRID, or None
    with the reason added to `item.problems`."""
    try:
        geometry = feature.geom
    except GDALException:
        item.problems.append("no geometry")
        return None
    if geometry.is_3d:
        geometry.set_3d(False)
    if geometry.is_measured:
        geometry.set_measured(False)
    if geometry.geom_type.num not in (OGR_POLYGON, OGR_MULTIPOLYGON):
        item.problems.append(
            f"geometry is a {geometry.geom_type.name}; only Polygon and "
            "MultiPolygon are accepted"
        )
        return None
    try:
        geometry.transform(transform)
    except GDALException as error:
        item.problems.append(f"cannot reproject the geometry: {error}")
        return None
    # From OGR's envelope (C); GEOS's extent walks every vertex in Python. A
    # repair stays within these bounds.
    extent = geometry.extent
    shape = geometry.geos
    shape.srid = settings.GEOMETRY_SRID
    if shape.empty:
        item.problems.append("empty geometry")
        return None
    if not shape.valid:
        reason = shape.valid_reason
        if not make_valid:
            item.problems.append(
                f"invalid geometry: {reason} (--make-valid repairs it)"
            )
            return None
        shape = _polygons(shape.make_valid())
        if shape is None:
            item.problems.append(f"invalid geometry: {reason}; repair left no area")
            return None
        item.notes.append(f"repaired invalid geometry: {reason}")
    if isinstance(shape, Polygon):
        shape = MultiPolygon(shape, srid=shape.srid)
    if extent_check and not _in_netherlands(extent):
        west, south, east, north = (round(c, 4) for c in extent)
        item.problems.append(
            f"lies outside the Netherlands (lon {west}–{east}, lat {south}–{north}); "
            "wrong coordinate system? (--no-extent-check skips this check)"
        )
        return None
    return shape


def _polygons(shape: GEOSGeometry) -> Polygon | MultiPolygon | None:
    """The polygonal part of a repaired geometry: make_valid() may leave lines or
    points (of no area) where a ring collapsed."""
    if isinstance(shape, Polygon | MultiPolygon):
        return shape
    parts = []
    for part in shape:  # a GeometryCollection
        if isinstance(part, Polygon):
            parts.append(part)
        elif isinstance(part, MultiPolygon):
            parts.extend(part)
    return MultiPolygon(*parts, srid=shape.srid) if parts else None


def _in_netherlands(extent: tuple[float, float, float, float]) -> bool:
    """Whether the (west, south, east, north) box lies in NETHERLANDS."""
    west, south, east, north = extent
    min_lon, min_lat, max_lon, max_lat = NETHERLANDS
    return min_lon <= west and east <= max_lon and min_lat <= south and north <= max_lat


@contextmanager
def _geos_notices_silenced() -> Iterator[None]:
    """GEOS logs each invalid geometry as a warning each time it is checked; the
    report names them already, once."""
    logger = logging.getLogger("django.contrib.gis")

    def not_a_notice(record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("GEOS_NOTICE")

    logger.addFilter(not_a_notice)
    try:
        yield
    finally:
        logger.removeFilter(not_a_notice)
