from django.urls import path

from . import views

app_name = "valuefan"
urlpatterns = [
    path("participatieladder/", views.ladder_page, name="ladder"),
    path(
        "collectieven/<slug:slug>/waardewaaier.csv",
        views.value_fan_csv,
        name="value-fan-csv",
    ),
    path(
        "collectieven/<slug:slug>/participatieladder.csv",
        views.ladder_csv,
        name="ladder-csv",
    ),
    path(
        "casussen/regie-en-samenwerking.csv",
        views.positions_csv,
        name="positions-csv",
    ),
]
