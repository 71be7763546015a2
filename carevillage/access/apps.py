from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "carevillage.access"
    label = "access"

    def ready(self) -> None:
        from . import handlers  # noqa: F401 - registers the handlers
