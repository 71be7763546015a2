from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NavigatorConfig(AppConfig):
    name = "carevillage.navigator"
    label = "navigator"
    verbose_name = _("Symptom navigators")
