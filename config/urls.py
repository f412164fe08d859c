from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from config import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("api.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]
urlpatterns += i18n_patterns(
    # Each app's URLs start with the first segments it owns (README, "Architecture").
    path("", include("collectives.urls")),
    path("", include("casestudies.urls")),
    path("", include("areas.urls")),
    path("", include("contributions.urls")),
    path("account/", include("allauth.urls")),
    prefix_default_language=False,
)

handler500 = "config.views.server_error"
