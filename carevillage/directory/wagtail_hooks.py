from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import import_providers
from .viewsets import DirectoryViewSetGroup


@hooks.register("register_admin_viewset")
def register_directory_admin() -> DirectoryViewSetGroup:
    return DirectoryViewSetGroup()


@hooks.register("register_admin_urls")
def register_import_url() -> list:
    return [path("directory/import/", import_providers, name="directory_import")]


class ImportMenuItem(MenuItem):
    def is_shown(self, request) -> bool:  # noqa: ANN001
        return request.user.has_perms(["directory.add_provider", "directory.change_provider"])


@hooks.register("register_settings_menu_item")
def register_import_menu_item() -> MenuItem:
    return ImportMenuItem(
        _("Import providers"), reverse("directory_import"), icon_name="upload", order=700
    )
