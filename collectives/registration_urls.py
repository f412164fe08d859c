"""URLs of the registration pages; included in collectives/urls.py (namespace "collectives")."""

urlpatterns: list = []
