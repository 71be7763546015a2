"""Device endpoints (no language prefix; see api.py)."""

from django.urls import path

from . import api

app_name = "monitoring_api"

urlpatterns = [
    path("pair", api.pair, name="pair"),
    path("readings", api.readings, name="readings"),
    path("fhir", api.fhir_bundle, name="fhir"),
]
