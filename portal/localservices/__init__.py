"""Project-local PostgreSQL and Redis for `make run` and the test suite
(``servers``), and `make run` itself (``run``); ``python -m
portal.localservices run`` starts the portal."""

from .run import bid_encryption_key, run
from .servers import Postgres, Redis, _port_open, free_port

__all__ = ["Postgres", "Redis", "_port_open", "bid_encryption_key", "free_port", "run"]
