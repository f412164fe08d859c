from django.urls import path

from . import views

app_name = "casestudies"
urlpatterns = [
    path("casussen/", views.cross_case, name="cross-case"),
    path("casussen.<str:fmt>", views.cross_case_export, name="cross-case-export"),
    path(
        "casussen/regie-en-samenwerking.csv",
        views.positions_csv,
        name="positions-csv",
    ),
]
