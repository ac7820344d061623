from django.dispatch import Signal

# Sent once a day by Celery beat (portal.outbox.tasks.daily).
daily_tick = Signal()
