from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "carevillage.portal"
    label = "portal"

    def ready(self) -> None:
        from .languages import install_fallbacks

        install_fallbacks()
