"""URLs of the moderation pages; included in collectives/urls.py (namespace "collectives")."""

urlpatterns: list = []
