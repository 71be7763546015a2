from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "carevillage.portal"
    label = "portal"
