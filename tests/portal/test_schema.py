"""The OpenAPI schema answers every one of a burst of first requests, the same
document each time (it used to fail one of eleven concurrent first requests)."""

import threading
import urllib.request

import pytest

from portal.schema import CachedSpectacularAPIView

THREADS = 11


def fetch_all(url: str, *, headers=None) -> list:
    barrier = threading.Barrier(THREADS)
    results = [None] * THREADS

    def fetch(index):
        request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
        barrier.wait()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                results[index] = (response.status, response.read())
        except urllib.error.HTTPError as exc:
            results[index] = (exc.code, exc.read())

    threads = [threading.Thread(target=fetch, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestSchema:
    def test_concurrent_first_requests_all_get_the_same_schema(self, live_server):
        CachedSpectacularAPIView.clear_cache()
        results = fetch_all(f"{live_server.url}/api/schema/")
        assert [status for status, _body in results] == [200] * THREADS
        bodies = {body for _status, body in results}
        assert len(bodies) == 1
        assert b"openapi:" in bodies.pop()

    def test_each_language_has_its_own_copy(self, live_server):
        CachedSpectacularAPIView.clear_cache()
        for language in ("ru", "ky"):
            results = fetch_all(
                f"{live_server.url}/api/schema/?format=json",
                headers={"Accept-Language": language},
            )
            assert {status for status, _body in results} == {200}
            assert len({body for _status, body in results}) == 1
        languages = {key[0] for key in CachedSpectacularAPIView._schemas}
        assert {"ru", "ky"} <= languages
