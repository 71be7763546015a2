from django.apps import AppConfig


class HousesConfig(AppConfig):
    name = "carevillage.houses"
    label = "houses"
    verbose_name = "Houses"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects cache invalidation on publish
