from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "carevillage.messaging"
    label = "messaging"
    verbose_name = _("Messages")

    def ready(self) -> None:
        from . import signals  # noqa: F401 - a socket closes with the login it was opened with
