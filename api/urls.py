"""The public API, mounted at /api/v1/: the map's GeoJSON feeds and the REST
API (Django REST framework)."""

from django.urls import include, path, re_path
from django.views.generic import RedirectView
from rest_framework.routers import DefaultRouter

from . import feeds, views

app_name = "api-v1"


class Router(DefaultRouter):
    APIRootView = views.ApiRootView
    # No `collectives.json`-style suffix routes: `.geojson` names belong to the
    # map's routes, and `?format=` selects a renderer already.
    include_format_suffixes = False


router = Router()
router.register("collectives", views.CollectiveViewSet, basename="collective")
router.register("areas", views.AreaViewSet, basename="area")
router.register("value-themes", views.ValueThemeViewSet, basename="value-theme")
router.register("ladder-steps", views.LadderStepViewSet, basename="ladder-step")
router.register("assessments", views.AssessmentViewSet, basename="assessment")
router.register(
    "ladder-positions", views.LadderPositionViewSet, basename="ladder-position"
)

urlpatterns = [
    path(
        "collectives.geojson",
        feeds.collectives_geojson_view,
        name="collectives-geojson",
    ),
    path("areas.geojson", feeds.areas_geojson_view, name="areas-geojson"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.SwaggerView.as_view(), name="docs"),
    # ReDoc was dropped: it always loads its maker's logo from a CDN. Old links
    # land on the Swagger UI.
    path(
        "redoc/",
        RedirectView.as_view(pattern_name="api-v1:docs", permanent=True),
        name="redoc",
    ),
    path("", include(router.urls)),
    # Last: a JSON 404 for any other path. Only paths ending in a slash, so
    # APPEND_SLASH still redirects /api/v1/collectives to /api/v1/collectives/.
    re_path(r"^[\s\S]+/$", views.NotFoundView.as_view(), name="not-found"),
]
