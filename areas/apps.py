from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AreasConfig(AppConfig):
    """Areas and cities: their pages, comparisons and boundary imports."""

    name = "areas"
    verbose_name = _("Areas")
