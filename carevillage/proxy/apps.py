from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProxyConfig(AppConfig):
    name = "carevillage.proxy"
    label = "proxy"
    verbose_name = _("Acting for someone else")
