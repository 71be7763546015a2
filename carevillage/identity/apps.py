from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "carevillage.identity"
    label = "identity"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the model signals)
