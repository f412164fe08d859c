from django.urls import path

from . import views

app_name = "casestudies"
urlpatterns = [
    path("casussen/", views.cross_case, name="cross-case"),
]
