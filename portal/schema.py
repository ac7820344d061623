"""The OpenAPI schema, generated once per process and language.

drf-spectacular builds the schema on every request, and building it from
several threads at once (the first requests after a start) sometimes failed
with a 500. The schema only changes with the code, so it is built once, under a
lock, and the copy is served from then on."""

import threading

from django.utils import translation
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response


class CachedSpectacularAPIView(SpectacularAPIView):
    _schemas: dict = {}
    _lock = threading.Lock()

    @classmethod
    def clear_cache(cls) -> None:
        with cls._lock:
            cls._schemas.clear()

    def _get_schema_response(self, request):
        version = (
            self.api_version or request.version or self._get_version_parameter(request)
        )
        # the schema's texts are translated: one copy per language
        key = (translation.get_language(), version, self.serve_public, self.urlconf)
        schema = self._schemas.get(key)
        if schema is None:
            with self._lock:
                schema = self._schemas.get(key)
                if schema is None:
                    generator = self.generator_class(
                        urlconf=self.urlconf,
                        api_version=version,
                        patterns=self.patterns,
                    )
                    schema = generator.get_schema(
                        request=request, public=self.serve_public
                    )
                    self._schemas[key] = schema
        return Response(
            data=schema,
            headers={
                "Content-Disposition": (
                    f'inline; filename="{self._get_filename(request, version)}"'
                )
            },
        )
