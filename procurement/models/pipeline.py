"""One shape for every state machine of procurement, as the consultant's
network status has it (consultants.models.NETWORK_TRANSITIONS): a model that
has a lifecycle declares all its moves in ONE table, name → Move, and asks
nothing else.

- ``transitions``: the table. A move lists the states it leaves from, the state
  it reaches, who makes it, the message that refuses it from any other state,
  and optionally a guard (a further condition, such as a deadline).
- ``pipeline()``: the same table read as django-oscar reads its ``pipeline``,
  state → the states that may follow.
- ``available_transitions(user)``: the moves this user may make now, for the
  templates and the API. A move ``by=SYSTEM`` is never offered to anyone: the
  portal makes it (a deadline passes, an upheld complaint reopens evaluation).
- ``ensure_allowed(name)`` / ``can(name)``: the refusal (DomainError with a
  translatable message) or the yes, for the model's own transition methods and
  for the services that must know before they start.
"""

from typing import NamedTuple

from portal.errors import DomainError

# Who makes a move.
STAFF = "staff"  # the staff of the tender's municipality
BIDDER = "bidder"  # the consultant whose bid it is
SYSTEM = "system"  # the portal: deadlines, the daily sweep, another move's effect
REVIEWER = "review_body"  # a member of the independent complaint review commission


class Move(NamedTuple):
    sources: frozenset
    target: str
    by: str
    refusal: str
    # name of a method (self, now) -> refusal message or None
    guard: str = ""


class Pipeline:
    """Mixed into a model with a lifecycle. Subclasses set ``transitions`` and
    ``roles_of(user, now)``; ``state_field`` names the field that holds the
    state (a model whose state is derived overrides ``current_state``)."""

    transitions: dict = {}
    state_field = "status"

    def current_state(self, now=None) -> str:
        """The state as of now, as the moves see it."""
        return getattr(self, self.state_field)

    def roles_of(self, user, now=None) -> set:
        """Which of STAFF, BIDDER, REVIEWER the user is for this object."""
        return set()

    @classmethod
    def pipeline(cls) -> dict:
        """State → the states that may follow it (Oscar's ``pipeline``)."""
        table: dict = {}
        for move in cls.transitions.values():
            for source in move.sources:
                table.setdefault(source, set()).add(move.target)
        return table

    def _refusal(self, name: str, now=None):
        move = self.transitions[name]
        if self.current_state(now) not in move.sources:
            return move.refusal
        if move.guard:
            return getattr(self, move.guard)(now)
        return None

    def can(self, name: str, now=None) -> bool:
        """Whether the move is allowed now, whoever makes it."""
        return self._refusal(name, now) is None

    def ensure_allowed(self, name: str, now=None) -> Move:
        """The move, or DomainError with the reason it is refused."""
        refusal = self._refusal(name, now)
        if refusal is not None:
            raise DomainError(refusal)
        return self.transitions[name]

    def available_transitions(self, user, now=None) -> list[str]:
        """The names of the moves this user may make now, in table order."""
        if not getattr(user, "is_authenticated", False):
            return []
        roles = self.roles_of(user, now)
        if not roles:
            return []
        return [
            name
            for name, move in self.transitions.items()
            if move.by in roles and self.can(name, now)
        ]

    def refused_transitions(self, user, now=None) -> dict:
        """The moves this user could make from the current state but whose
        guard refuses now (a deadline not reached…), name → the reason: the
        page shows them disabled with the reason beside them."""
        if not getattr(user, "is_authenticated", False):
            return {}
        roles = self.roles_of(user, now)
        state = self.current_state(now)
        refused = {}
        for name, move in self.transitions.items():
            if move.by in roles and state in move.sources and move.guard:
                refusal = getattr(self, move.guard)(now)
                if refusal is not None:
                    refused[name] = refusal
        return refused

    def _apply(self, name: str, now=None) -> Move:
        """Check the move and set the new state (the caller saves)."""
        move = self.ensure_allowed(name, now)
        setattr(self, self.state_field, move.target)
        return move
