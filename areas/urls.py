from django.urls import path

from . import views

# Paths are Dutch in both languages (English lives under /en/).
app_name = "areas"
urlpatterns = [
    path("gebieden/", views.area_list, name="list"),
    path("gebieden.<str:fmt>", views.area_list_export, name="list-export"),
    path("gebieden/vergelijk/", views.compare_areas, name="compare"),
    path(
        "gebieden/vergelijk/vergelijking.<str:fmt>",
        views.compare_areas_export,
        name="compare-export",
    ),
    path("gebieden/<slug:slug>/", views.area_detail, name="detail"),
]
