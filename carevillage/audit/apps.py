from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "carevillage.audit"
    label = "audit"
