from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground floor: what every app may use and what uses no app of ours."""

    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import checks, content_version  # noqa: F401 (checks register themselves)

        content_version.connect()
