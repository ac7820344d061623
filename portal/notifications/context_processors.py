from django.utils.functional import SimpleLazyObject


def unread_notifications(request):
    """`unread_notifications`: the signed-in user's unread count, one indexed
    COUNT, made only when a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from .services import unread_count

    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
