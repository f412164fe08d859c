"""Import real area boundaries (CBS wijken and buurten, or a municipality's own
outlines) from GeoJSON, GeoPackage or Shapefile, then put collectives in the
imported area their location falls in.

All or nothing: every feature is checked before anything is written, and one bad
feature stops the import with a report of every problem found.

The steps, in the order `manage.py import_areas` calls them:

- `reading`: open the file's layer, check the field names, and find the
  transformation to the project's coordinate system;
- `validation`: turn every feature into an unsaved `Area` or a list of problems,
  and refuse the lot if one feature has a problem;
- `assignment`: create or update the areas and move collectives into the area
  their location falls in.

Every refusal is a `BoundaryError` whose message is meant for the person running
the import."""

from .assignment import Result, save_areas
from .reading import (
    DRIVERS,
    SUFFIXES,
    BoundaryError,
    OpenedLayer,
    check_fields,
    open_layer,
    source_srs,
    transform_to_project,
)
from .validation import Checked, check_kind, read_features, valid_areas

__all__ = [
    "DRIVERS",
    "SUFFIXES",
    "BoundaryError",
    "Checked",
    "OpenedLayer",
    "Result",
    "check_fields",
    "check_kind",
    "open_layer",
    "read_features",
    "save_areas",
    "source_srs",
    "transform_to_project",
    "valid_areas",
]
