from django.core.exceptions import ValidationError


class DomainError(Exception):
    """A refused action, carrying a translatable message for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def refuse_unless_clean(instance) -> None:
    """Run a model's clean() on a service's write path: the rule's own
    message, as the DomainError the pages and the API show."""
    try:
        instance.clean()
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from exc


def attempt(request, change, *, done: str) -> bool:
    """Make a change from a page (a service or model call) and tell the user
    how it went: the refusal's message (nothing changed), or `done`. True
    when the change was made."""
    from django.contrib import messages

    try:
        change()
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, done)
    return True
