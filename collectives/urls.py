from django.urls import path

from . import views

# Paths are Dutch in both languages (English lives under /en/), so links stay
# stable whatever the translation catalogue holds.
app_name = "collectives"
urlpatterns = [
    path("", views.collective_map, name="map"),
    path("collectieven/", views.collective_list, name="list"),
    path("collectieven/<slug:slug>/", views.collective_detail, name="detail"),
]
