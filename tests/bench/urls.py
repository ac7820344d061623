"""The bench's baselines, mounted for their tests (PORTAL_BENCH is off in tests)."""

from django.urls import path

from portal import benchviews

urlpatterns = [
    path("bench/trivial", benchviews.trivial),
    path("bench/raw-registry", benchviews.raw_registry),
]
