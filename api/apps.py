from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Public API")

    def ready(self) -> None:
        # The API's lists and details are cached per content version like the
        # pages, served before any session or database work (core/pagecache.py).
        from core import pagecache

        from .urls import app_name, router

        for _prefix, viewset, basename in router.registry:
            filters = getattr(viewset, "filterset_class", None)
            params = {"format"}
            pagecache.register(
                [f"{app_name}:{basename}-detail"], params, negotiated=True
            )
            params |= {"page", "page_size"}
            if filters is not None:
                params |= set(filters.base_filters)
            names = [f"{app_name}:{basename}-list", f"{app_name}:{basename}-geojson"]
            pagecache.register(names, params, negotiated=True)
