from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "carevillage.identity"
    label = "identity"
