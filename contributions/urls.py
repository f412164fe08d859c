"""Registration, claims, moderation and the owners' pages."""

from django.urls import path

from .routes import DELETE_ACCOUNT, DUPLICATES, OWNER_DATA, SLUG
from .views import moderation, owner, registration

app_name = "contributions"

urlpatterns = [
    path("aanmelden/", registration.register, name="register"),
    # Before `aanmelden/<slug>/`; routes.RESERVED_SLUGS keeps drafts off "dubbel".
    path(
        f"aanmelden/{DUPLICATES}/",
        registration.register_duplicates,
        name="register-duplicates",
    ),
    path(f"aanmelden/{SLUG}", registration.register_edit, name="register-edit"),
    path(
        f"aanmelden/{SLUG}zelfbeoordeling/",
        registration.register_assessment,
        name="register-assessment",
    ),
    path(
        f"aanmelden/{SLUG}indienen/",
        registration.register_submit,
        name="register-submit",
    ),
    path(f"collectieven/{SLUG}claimen/", registration.claim, name="claim"),
    path("moderatie/", moderation.moderation_queue, name="moderation"),
    path(
        f"moderatie/collectief/{SLUG}",
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
    path(f"mijn/{OWNER_DATA}", owner.owner_data, name="owner-data"),
    path(f"mijn/{DELETE_ACCOUNT}/", owner.delete_account, name="delete-account"),
    path(f"mijn/{SLUG}", owner.owner_collective, name="owner-collective"),
    path(f"mijn/{SLUG}bewerken/", owner.owner_edit, name="owner-edit"),
    path(f"mijn/{SLUG}bevestigen/", owner.owner_confirm, name="owner-confirm"),
    path(f"mijn/{SLUG}uitnodigen/", owner.owner_invite, name="owner-invite"),
    path(f"mijn/{SLUG}geschiedenis/", owner.owner_history, name="owner-history"),
    path("uitnodiging/<str:token>/", owner.accept_invitation, name="accept-invitation"),
]
