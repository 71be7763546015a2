from django.apps import AppConfig


class FhirConfig(AppConfig):
    name = "carevillage.fhir"
    label = "fhir"
    verbose_name = "FHIR API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the subscription triggers
