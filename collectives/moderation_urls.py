"""URLs of the moderation pages; included in collectives/urls.py (namespace "collectives")."""

from django.urls import path

from . import moderation_views as views

urlpatterns = [
    path("moderatie/", views.moderation_queue, name="moderation"),
    path(
        "moderatie/collectief/<slug:slug>/",
        views.moderate_collective,
        name="moderate-collective",
    ),
    path(
        "moderatie/wijziging/<int:pk>/", views.moderate_change, name="moderate-change"
    ),
    path("moderatie/claim/<int:pk>/", views.moderate_claim, name="moderate-claim"),
]
