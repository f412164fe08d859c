from contributions.services import is_moderator


def moderation(request) -> dict:
    """Whether the visitor moderates, for the header's link to the queue."""
    user = getattr(request, "user", None)
    return {"is_moderator": bool(user and is_moderator(user))}
