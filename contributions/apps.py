from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    """What people add to the atlas: self-registration, claims, owners' edits,
    moderation and the yearly update round."""

    name = "contributions"
    verbose_name = _("Contributions")
