from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CarePathsConfig(AppConfig):
    name = "carevillage.carepaths"
    label = "carepaths"
    verbose_name = _("Care paths")

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects to questionnaire submissions
