from django.dispatch import Signal

# Sent by the sweeper (portal.notifications.tasks.sweep, on beat) with
# `now`: apps connect the date-driven alerts they produce (reminders,
# digests). Receivers must be idempotent: the sweeper may run twice at once.
sweep_tick = Signal()
