"""URLs of the registration pages; included in collectives/urls.py (namespace "collectives")."""

from django.urls import path

from . import registration_views as views

urlpatterns = [
    path("aanmelden/", views.register, name="register"),
    # Before `aanmelden/<slug>/`; services.RESERVED_SLUGS keeps drafts off "dubbel".
    path("aanmelden/dubbel/", views.register_duplicates, name="register-duplicates"),
    path("aanmelden/<slug:slug>/", views.register_edit, name="register-edit"),
    path(
        "aanmelden/<slug:slug>/zelfbeoordeling/",
        views.register_assessment,
        name="register-assessment",
    ),
    path(
        "aanmelden/<slug:slug>/indienen/",
        views.register_submit,
        name="register-submit",
    ),
    path("collectieven/<slug:slug>/claimen/", views.claim, name="claim"),
]
