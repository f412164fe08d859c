"""URLs of the owner pages; included in collectives/urls.py (namespace "collectives")."""

urlpatterns: list = []
