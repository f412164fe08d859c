from django.urls import path

from . import compare_views, moderation_urls, owner_urls, registration_urls, views

# Paths are Dutch in both languages (English lives under /en/), so links stay
# stable whatever the translation catalogue holds.
app_name = "collectives"
urlpatterns = [
    path("", views.collective_map, name="map"),
    path("collectieven/", views.collective_list, name="list"),
    path(
        "collectieven.<str:fmt>",
        compare_views.collective_list_export,
        name="list-export",
    ),
    path("kaart.geojson", compare_views.map_selection_export, name="map-export"),
    path("collectieven/<slug:slug>/", views.collective_detail, name="detail"),
    path("vergelijk/", compare_views.compare_collectives, name="compare"),
    path(
        "vergelijk/vergelijking.<str:fmt>",
        compare_views.compare_collectives_export,
        name="compare-export",
    ),
    path("gebieden/", compare_views.area_list, name="area-list"),
    path("gebieden.<str:fmt>", compare_views.area_list_export, name="area-list-export"),
    path("gebieden/vergelijk/", compare_views.compare_areas, name="area-compare"),
    path(
        "gebieden/vergelijk/vergelijking.<str:fmt>",
        compare_views.compare_areas_export,
        name="area-compare-export",
    ),
    path("gebieden/<slug:slug>/", compare_views.area_detail, name="area-detail"),
]
urlpatterns += (
    registration_urls.urlpatterns + moderation_urls.urlpatterns + owner_urls.urlpatterns
)
