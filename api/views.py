"""Read-only viewsets of the public API. Published data only: every queryset
starts from `Collective.objects.published()` or `Assessment.objects.public()`,
also for details, GeoJSON and filter choices. Each list costs a fixed number of
queries however many rows it returns (joins, one prefetch, annotations)."""

from __future__ import annotations

import re

from django.contrib.gis.db.models.functions import AsGeoJSON
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularSwaggerSplitView,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import APIRootView
from rest_framework.views import APIView

from collectives.geojson import PRECISION
from collectives.models import Area, Collective, CollectiveInstrument
from collectives.selectors import with_reading_derived
from core.licence import add_licence_link
from valuefan.models import Assessment, LadderStep, ValueReach, ValueTheme

from . import filters
from . import serializers as api_serializers
from .pagination import LicensedGeoJsonPagination

NUMBER = re.compile(r"[0-9]{1,9}")


class GeoJSONRenderer(JSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


PARAMETER_ERRORS = OpenApiResponse(
    response={
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
        "example": {"step": ["Ensure this value is less than or equal to 7."]},
    },
    description=_("A query parameter has an invalid value; the reason per parameter."),
)
NOT_FOUND = OpenApiResponse(
    response=ErrorSerializer, description=_("No such object, or no such page.")
)


def documented(list_serializer, detail_serializer=None):
    """Schema of a viewset's list (paginated, 400 on bad parameters, 404 on a
    page past the end) and, if given, its detail (404 when not published)."""
    kwargs = {
        "list": extend_schema(
            responses={
                200: list_serializer(many=True),
                400: PARAMETER_ERRORS,
                404: NOT_FOUND,
            }
        )
    }
    if detail_serializer:
        kwargs["retrieve"] = extend_schema(
            responses={200: detail_serializer, 404: NOT_FOUND}
        )
    return extend_schema_view(**kwargs)


class PublicAPIMixin:
    """What every API view does, errors included, without a middleware:

    - speaks the language of `Accept-Language` (Dutch by default). LocaleMiddleware
      gives every unprefixed path the default language once i18n_patterns are in
      use, which suits pages but not an API whose clients set the header;
    - states the data licence in a `Link: <…>; rel="license"` header (RFC 8288).
      DRF's `finalize_response` sees every response, 4xx included.
    """

    def dispatch(self, request, *args, **kwargs):
        # The client's language for this response only: the thread's language is
        # restored afterwards, so nothing else in the process inherits it.
        with translation.override(translation.get_language_from_request(request)):
            response = super().dispatch(request, *args, **kwargs)
            # DRF renders the body after the view returns: render it while the
            # client's language is active.
            if callable(getattr(response, "render", None)):
                response.render()
        return response

    def finalize_response(
        self, request: Request, response: Response, *args, **kwargs
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        add_licence_link(response)
        # LocaleMiddleware only fills in Content-Language when it is missing.
        response["Content-Language"] = translation.get_language()
        patch_vary_headers(response, ["Accept-Language"])
        return response


class PublicViewSet(PublicAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Looks objects up without the list's filters, and answers 404 for a
    lookup value that cannot be one (so no odd string reaches the database)."""

    lookup_value_pattern = filters.SLUG

    def get_object(self):
        value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        if not self.lookup_value_pattern.fullmatch(value):
            raise NotFound()
        obj = get_object_or_404(self.get_queryset(), **{self.lookup_field: value})
        self.check_object_permissions(self.request, obj)
        return obj


GEOJSON_ACTION = {
    "detail": False,
    "url_path": "geojson",
    "renderer_classes": [GeoJSONRenderer, JSONRenderer, BrowsableAPIRenderer],
    "pagination_class": LicensedGeoJsonPagination,
}


@documented(
    api_serializers.CollectiveSerializer, api_serializers.CollectiveDetailSerializer
)
class CollectiveViewSet(PublicViewSet):
    """Published collectives, filtered and ordered like the website's map and
    table; the current ladder step, regie, samenwerking and directions come from each
    collective's newest public assessment."""

    lookup_field = "slug"
    filterset_class = filters.CollectiveFilter

    def get_queryset(self) -> QuerySet[Collective]:
        queryset = (
            with_reading_derived(
                Collective.objects.published().for_list().with_current_positions()
            )
            .annotate(location_geojson=AsGeoJSON("location", precision=PRECISION))
            .order_by("name", "pk")
        )
        if self.action == "retrieve":
            queryset = queryset.select_related(
                "source", "tenure_source"
            ).prefetch_related(
                Prefetch(
                    "instrument_uses",
                    CollectiveInstrument.objects.select_related(
                        "instrument", "source"
                    ).order_by("instrument__order", "instrument__slug"),
                )
            )
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return api_serializers.CollectiveDetailSerializer
        if self.action == "geojson":
            return api_serializers.CollectiveFeatureSerializer
        return api_serializers.CollectiveSerializer

    @extend_schema(
        summary=_("Collectives as GeoJSON"),
        description=_(
            "The same selection as the list, as a GeoJSON FeatureCollection of "
            "points (WGS84) with the list fields as properties. Paginated like "
            "the list; count, links, licence and citation are foreign members."
        ),
        filters=True,
        responses={
            200: api_serializers.CollectiveFeatureSerializer(many=True),
            400: PARAMETER_ERRORS,
            404: NOT_FOUND,
        },
    )
    @action(**GEOJSON_ACTION)
    def geojson(self, request: Request) -> Response:
        return self.list(request)


@documented(api_serializers.AreaSerializer, api_serializers.AreaSerializer)
class AreaViewSet(PublicViewSet):
    """Neighbourhoods, districts and quarters with the number of published
    collectives in each. Outlines are in the GeoJSON variant."""

    lookup_field = "slug"
    filterset_class = filters.AreaFilter

    def get_queryset(self) -> QuerySet[Area]:
        queryset = Area.objects.with_published_counts().order_by("city", "name", "pk")
        if self.action == "geojson":
            queryset = queryset.filter(boundary__isnull=False).annotate(
                boundary_geojson=AsGeoJSON("boundary", precision=PRECISION)
            )
        return queryset

    def get_serializer_class(self):
        if self.action == "geojson":
            return api_serializers.AreaFeatureSerializer
        return api_serializers.AreaSerializer

    @extend_schema(
        summary=_("Area outlines as GeoJSON"),
        description=_(
            "Areas that have an outline, as a GeoJSON FeatureCollection of "
            "multipolygons (WGS84); `boundary_is_approximate` flags hand-drawn "
            "outlines. Paginated like the list."
        ),
        filters=True,
        responses={
            200: api_serializers.AreaFeatureSerializer(many=True),
            400: PARAMETER_ERRORS,
            404: NOT_FOUND,
        },
    )
    @action(**GEOJSON_ACTION)
    def geojson(self, request: Request) -> Response:
        return self.list(request)


@documented(api_serializers.ValueThemeSerializer, api_serializers.ValueThemeSerializer)
class ValueThemeViewSet(PublicViewSet):
    """The blades of the value fan (waardewaaier), in their order."""

    lookup_field = "slug"
    queryset = ValueTheme.objects.order_by("order", "slug")
    serializer_class = api_serializers.ValueThemeSerializer


@documented(api_serializers.LadderStepSerializer, api_serializers.LadderStepSerializer)
class LadderStepViewSet(PublicViewSet):
    """The seven steps of the participation ladder (participatieladder)."""

    lookup_field = "number"
    lookup_value_pattern = NUMBER
    queryset = LadderStep.objects.order_by("number")
    serializer_class = api_serializers.LadderStepSerializer


@documented(api_serializers.AssessmentSerializer, api_serializers.AssessmentSerializer)
class AssessmentViewSet(PublicViewSet):
    """Public assessments of published collectives, newest first per collective,
    each with its value fan (the reach of every value theme)."""

    lookup_value_pattern = NUMBER
    serializer_class = api_serializers.AssessmentSerializer
    filterset_class = filters.AssessmentFilter

    def get_queryset(self) -> QuerySet[Assessment]:
        return (
            Assessment.objects.public()
            .select_related("collective", "source", "ladder_step")
            .prefetch_related(
                Prefetch(
                    "reaches",
                    ValueReach.objects.select_related("theme").order_by(
                        "theme__order", "theme__slug"
                    ),
                ),
                "directions",
            )
            .order_by("collective__name", "collective__pk", "-assessed_on", "-pk")
        )


@extend_schema_view(
    list=extend_schema(
        responses={
            200: api_serializers.LadderPositionSerializer(many=True),
            400: PARAMETER_ERRORS,
            404: NOT_FOUND,
        }
    )
)
class LadderPositionViewSet(
    PublicAPIMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    """Where each published collective stands now: the ladder step, regie,
    samenwerking and directions of its newest public assessments. Collectives
    without an assessed ladder step are left out."""

    serializer_class = api_serializers.LadderPositionSerializer
    filterset_class = filters.LadderPositionFilter

    def get_queryset(self) -> QuerySet[Collective]:
        return with_reading_derived(
            Collective.objects.published()
            .with_current_positions()
            .filter(current_step__isnull=False)
            .order_by("name", "pk")
        )


@extend_schema(exclude=True)
class NotFoundView(PublicAPIMixin, APIView):
    """Any other path under the API: a JSON 404 (with the licence header), not
    the website's HTML page; for a slug with a dot, too, which the router's
    lookup pattern refuses."""

    def initial(self, request: Request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        raise NotFound()


class ApiRootView(PublicAPIMixin, APIRootView):
    """The Collectievenatlas API: published open data on ondernemerscollectieven.
    See the schema (`schema/`) and its documentation (`docs/`)."""


class SchemaView(PublicAPIMixin, SpectacularAPIView):
    pass


class SwaggerView(PublicAPIMixin, SpectacularSwaggerSplitView):
    url_name = "api-v1:schema"
    template_name = "api/swagger_ui.html"  # language, landmark, heading, contrast
