"""Page-number pagination whose envelope states the licence and how to cite.

`page_size` is strict: anything but a whole number from 1 to 500 is a 400 with
a reason (DRF would silently fall back to the default size)."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework_gis.pagination import GeoJsonPagination

from collectives import provenance

from .licence import citation, licence

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
_WHOLE_NUMBER = re.compile(r"[0-9]{1,6}")

LICENCE_SCHEMA = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "example": "CC BY 4.0"},
        "url": {
            "type": "string",
            "format": "uri",
            "example": "https://creativecommons.org/licenses/by/4.0/",
        },
    },
    "required": ["name", "url"],
}
CITATION_SCHEMA = {
    "type": "string",
    "description": "How to cite this selection of the data.",
}


class LicensedPagination(PageNumberPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    page_size_query_description = format_lazy(
        _("Number of results per page, 1 to {max} (default {default})."),
        max=MAX_PAGE_SIZE,
        default=PAGE_SIZE,
    )

    def paginate_queryset(
        self, queryset: QuerySet, request: Request, view: Any = None
    ) -> list | None:
        self.request = request  # the envelope's citation needs it even on errors
        # The page's rows carry what the citation needs (data version, sources):
        # citing costs no query of its own.
        return super().paginate_queryset(
            queryset.annotate(**provenance.annotations()), request, view
        )

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param, "")
        if raw == "":
            return self.page_size
        if not _WHOLE_NUMBER.fullmatch(raw) or not (
            1 <= int(raw) <= self.max_page_size
        ):
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Give a whole number from 1 to %(max)s.")
                        % {"max": self.max_page_size}
                    ]
                }
            )
        return int(raw)

    def envelope(self) -> dict[str, Any]:
        return {
            "count": self.page.paginator.count,
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "license": licence(),
            "citation": citation(self.request, next(iter(self.page.object_list), None)),
        }

    def get_paginated_response(self, data: list) -> Response:
        return Response({**self.envelope(), "results": data})

    def envelope_schema(self) -> dict:
        """The envelope's members other than the results, as an object schema."""
        schema = PageNumberPagination.get_paginated_response_schema(self, {})
        del schema["properties"]["results"]
        schema["properties"] |= {"license": LICENCE_SCHEMA, "citation": CITATION_SCHEMA}
        schema["required"] = ["count", "license", "citation"]
        return schema

    def get_paginated_response_schema(self, schema: dict) -> dict:
        paginated = self.envelope_schema()
        paginated["properties"]["results"] = schema
        paginated["required"].append("results")
        return paginated

    def get_schema_operation_parameters(self, view: Any) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters


class LicensedGeoJsonPagination(LicensedPagination, GeoJsonPagination):
    """A page as a GeoJSON FeatureCollection; count, links, licence and citation
    are foreign members, which RFC 7946 (section 6.1) allows."""

    def get_paginated_response(self, data: dict) -> Response:
        return Response(
            {
                "type": "FeatureCollection",
                **self.envelope(),
                "features": data["features"],
            }
        )

    def get_paginated_response_schema(self, schema: dict) -> dict:
        # `schema` is the serializer's FeatureCollection component (type and
        # features); the envelope adds its members to it.
        return {"allOf": [schema, self.envelope_schema()]}
