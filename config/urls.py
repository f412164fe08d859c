from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from config import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("collectives.api_urls")),
    path("api/v1/", include("api.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]
urlpatterns += i18n_patterns(
    path("", include("collectives.urls")),
    path("", include("casestudies.urls")),
    path("", include("valuefan.urls")),
    path("account/", include("allauth.urls")),
    prefix_default_language=False,
)

handler500 = "config.views.server_error"
