from django.urls import path

from . import views

app_name = "api"
urlpatterns = [
    path(
        "collectives.geojson",
        views.collectives_geojson_view,
        name="collectives-geojson",
    ),
    path("areas.geojson", views.areas_geojson_view, name="areas-geojson"),
]
