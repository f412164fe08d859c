from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ValuefanConfig(AppConfig):
    name = "valuefan"
    verbose_name = _("Value fan and participation ladder")
