"""Reading a boundary file: which layer, which fields, which coordinate system.

Nothing here reads or writes the database."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.gis.gdal import (
    CoordTransform,
    DataSource,
    GDALException,
    SpatialReference,
    SRSException,
)
from django.contrib.gis.gdal.layer import Layer

SUFFIXES = (".geojson", ".json", ".gpkg", ".shp")
# Checked again after opening: an extension says nothing about what GDAL found,
# and formats such as VRT can make GDAL read other files or URLs.
DRIVERS = {"GeoJSON", "GPKG", "ESRI Shapefile"}


class BoundaryError(Exception):
    """The import cannot go on; the message says why, for the person running it."""


@dataclass
class OpenedLayer:
    """The layer to import, and the names of every layer in its file."""

    path: Path
    layer: Layer  # holds on to its data source
    layer_names: list[str]

    @property
    def description(self) -> str:
        """One line naming the layer, its file and its number of features."""
        names = self.layer_names
        others = f" (layers: {', '.join(names)})" if len(names) > 1 else ""
        return (
            f"Reading layer {self.layer.name!r} of {self.path.name}{others}: "
            f"{len(self.layer)} features."
        )


def open_layer(path: Path, layer_name: str | None = None) -> OpenedLayer:
    """Open `path` with GDAL and return its layer `layer_name` (default: the
    first). Raises BoundaryError for a missing file, a format other than
    GeoJSON, GeoPackage or Shapefile, a file without layers or an unknown layer."""
    if not path.is_file():
        raise BoundaryError(f"No such file: {path}")
    if path.suffix.lower() not in SUFFIXES:
        raise BoundaryError(
            f"Expected GeoJSON (.geojson, .json), GeoPackage (.gpkg) or "
            f"Shapefile (.shp), got {path.name!r}."
        )
    try:
        source = DataSource(str(path))
    except GDALException as error:
        raise BoundaryError(f"GDAL cannot read {path}: {error}") from error
    if source.driver.name not in DRIVERS:
        raise BoundaryError(
            f"{path.name} was read as {source.driver.name}; expected GeoJSON, "
            "GeoPackage or Shapefile."
        )
    names = [layer.name for layer in source]
    if not names:
        raise BoundaryError(f"{path.name} holds no layers.")
    if layer_name is None:
        index = 0
    elif layer_name in names:
        index = names.index(layer_name)
    else:
        raise BoundaryError(
            f"{path.name} has no layer {layer_name!r}; its layers are: "
            f"{', '.join(names)}."
        )
    return OpenedLayer(path=path, layer=source[index], layer_names=names)


def check_fields(layer: Layer, fields: dict[str, str | None]) -> None:
    """Raise BoundaryError unless `layer` has every named field. `fields` maps
    the option that named a field (e.g. "--name-field") to the field's name, or
    to None when the option was not given. Returns None."""
    for option, name in fields.items():
        if name is not None and name not in layer.fields:
            raise BoundaryError(
                f"Layer {layer.name!r} has no field {name!r} ({option}). "
                f"Its fields are: {', '.join(layer.fields) or 'none'}."
            )


def source_srs(layer: Layer, source_srid: object = None) -> SpatialReference:
    """The coordinate system of `layer`'s geometries: the one it declares, or
    EPSG `source_srid` for a layer that declares none. Raises BoundaryError when
    neither or both are there, or `source_srid` is not a known EPSG code."""
    declared = layer.srs
    if source_srid is None:
        if declared is None:
            raise BoundaryError(
                f"Layer {layer.name!r} declares no coordinate system; pass its "
                "EPSG code with --source-srid (28992 for RD New, 4326 for "
                "longitude/latitude)."
            )
        return declared
    # Only an integer EPSG code reaches GDAL: a string could name a file or
    # a URL for GDAL to read (GDAL < 3.9 cannot forbid that; see gis.W001).
    # argparse makes it an int, but call_command() passes keywords as given.
    if isinstance(source_srid, bool) or not isinstance(source_srid, int):
        raise BoundaryError("--source-srid takes an EPSG code number.")
    if declared is not None:
        raise BoundaryError(
            f"Layer {layer.name!r} already declares its coordinate system "
            f"({declared.name}); --source-srid is only for files without one."
        )
    try:
        return SpatialReference(source_srid)
    except (GDALException, SRSException) as error:
        raise BoundaryError(f"Unknown EPSG code {source_srid}.") from error


def transform_to_project(layer: Layer, source_srid: object = None) -> CoordTransform:
    """The transformation from `layer`'s coordinate system (see `source_srs`,
    whose BoundaryError it lets through) to settings.GEOMETRY_SRID."""
    return CoordTransform(
        source_srs(layer, source_srid), SpatialReference(settings.GEOMETRY_SRID)
    )
