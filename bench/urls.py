"""The site's URLs plus the benchmark's floor view at ``/__bench__/floor/``."""

from django.urls import path

from hldportal.urls import urlpatterns as site_urlpatterns

from .floor import floor

urlpatterns = [path("__bench__/floor/", floor, name="bench_floor"), *site_urlpatterns]
