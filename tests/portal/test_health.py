import pytest
from django.test import override_settings


@pytest.mark.django_db
def test_healthz_ok_when_database_and_redis_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.django_db
def test_healthz_503_names_redis_when_it_is_down(client):
    from portal.localservices import free_port

    dead = f"redis://127.0.0.1:{free_port()}/0"
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": dead,
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    with override_settings(CACHES=caches):
        from django.core.cache import caches as handler

        handler._settings = None  # rebuild connections from the new settings
        try:
            response = client.get("/healthz")
        finally:
            handler._settings = None
    assert response.status_code == 503
    body = response.json()
    assert body["down"] == ["redis"]
    assert body["checks"]["database"]["ok"] is True
