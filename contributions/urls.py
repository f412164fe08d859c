"""Registration, claims, moderation and the owners' pages."""

from django.urls import path

from .views import moderation, owner, registration

app_name = "contributions"

urlpatterns = [
    path("aanmelden/", registration.register, name="register"),
    # Before `aanmelden/<slug>/`; services.RESERVED_SLUGS keeps drafts off "dubbel".
    path(
        "aanmelden/dubbel/",
        registration.register_duplicates,
        name="register-duplicates",
    ),
    path("aanmelden/<slug:slug>/", registration.register_edit, name="register-edit"),
    path(
        "aanmelden/<slug:slug>/zelfbeoordeling/",
        registration.register_assessment,
        name="register-assessment",
    ),
    path(
        "aanmelden/<slug:slug>/indienen/",
        registration.register_submit,
        name="register-submit",
    ),
    path("collectieven/<slug:slug>/claimen/", registration.claim, name="claim"),
    path("moderatie/", moderation.moderation_queue, name="moderation"),
    path(
        "moderatie/collectief/<slug:slug>/",
        moderation.moderate_collective,
        name="moderate-collective",
    ),
    path(
        "moderatie/wijziging/<int:pk>/",
        moderation.moderate_change,
        name="moderate-change",
    ),
    path("moderatie/claim/<int:pk>/", moderation.moderate_claim, name="moderate-claim"),
    path("mijn/", owner.my_collectives, name="my-collectives"),
    # Before `mijn/<slug>/`, which would otherwise take these paths.
    path("mijn/gegevens.json", owner.owner_data, name="owner-data"),
    path("mijn/account-verwijderen/", owner.delete_account, name="delete-account"),
    path("mijn/<slug:slug>/", owner.owner_collective, name="owner-collective"),
    path("mijn/<slug:slug>/bewerken/", owner.owner_edit, name="owner-edit"),
    path("mijn/<slug:slug>/bevestigen/", owner.owner_confirm, name="owner-confirm"),
    path("mijn/<slug:slug>/uitnodigen/", owner.owner_invite, name="owner-invite"),
    path("mijn/<slug:slug>/geschiedenis/", owner.owner_history, name="owner-history"),
    path("uitnodiging/<str:token>/", owner.accept_invitation, name="accept-invitation"),
]
