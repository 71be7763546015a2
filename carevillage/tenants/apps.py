from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "carevillage.tenants"
    label = "tenants"
