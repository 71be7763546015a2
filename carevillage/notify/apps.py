from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "carevillage.notify"
    label = "notify"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from . import signals  # noqa: F401 - logout turns push off on that browser
