from django.urls import path

from .views import compare, ladder, listing, profile

# Paths are Dutch in both languages (English lives under /en/), so links stay
# stable whatever the translation catalogue holds.
app_name = "collectives"
urlpatterns = [
    path("", listing.collective_map, name="map"),
    path("kaart.geojson", listing.map_selection_export, name="map-export"),
    path("collectieven/", listing.collective_list, name="list"),
    path("collectieven.<str:fmt>", listing.collective_list_export, name="list-export"),
    path("collectieven/<slug:slug>/", profile.collective_detail, name="detail"),
    path(
        "collectieven/<slug:slug>/waardewaaier.csv",
        profile.value_fan_csv,
        name="value-fan-csv",
    ),
    path(
        "collectieven/<slug:slug>/participatieladder.csv",
        profile.ladder_csv,
        name="ladder-csv",
    ),
    path("vergelijk/", compare.compare_collectives, name="compare"),
    path(
        "vergelijk/vergelijking.<str:fmt>",
        compare.compare_collectives_export,
        name="compare-export",
    ),
    path("participatieladder/", ladder.ladder_page, name="ladder"),
]
