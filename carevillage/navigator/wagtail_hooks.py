from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .viewsets import NavigatorViewSetGroup, StatisticsView


@hooks.register("register_admin_viewset")
def register_navigator_admin() -> NavigatorViewSetGroup:
    return NavigatorViewSetGroup()


@hooks.register("register_admin_urls")
def register_statistics_url() -> list:
    return [path("navigators/statistics/", StatisticsView.as_view(), name="navigator_statistics")]


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:  # noqa: ANN001
        return request.user.has_perm("navigator.view_assessment")


@hooks.register("register_admin_menu_item")
def register_statistics_menu_item() -> MenuItem:
    return StatisticsMenuItem(
        _("Navigator statistics"), reverse("navigator_statistics"), icon_name="table", order=310
    )
