class DomainError(Exception):
    """A refused action, carrying a translatable message for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message
