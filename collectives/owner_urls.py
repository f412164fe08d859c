"""URLs of the owner pages; included in collectives/urls.py (namespace "collectives")."""

from django.urls import path

from . import owner_views as views

urlpatterns = [
    path("mijn/", views.my_collectives, name="my-collectives"),
    # Before `mijn/<slug>/`, which would otherwise take these paths.
    path("mijn/gegevens.json", views.owner_data, name="owner-data"),
    path("mijn/account-verwijderen/", views.delete_account, name="delete-account"),
    path("mijn/<slug:slug>/", views.owner_collective, name="owner-collective"),
    path("mijn/<slug:slug>/bewerken/", views.owner_edit, name="owner-edit"),
    path("mijn/<slug:slug>/bevestigen/", views.owner_confirm, name="owner-confirm"),
    path("mijn/<slug:slug>/uitnodigen/", views.owner_invite, name="owner-invite"),
    path("mijn/<slug:slug>/geschiedenis/", views.owner_history, name="owner-history"),
    path("uitnodiging/<str:token>/", views.accept_invitation, name="accept-invitation"),
]
