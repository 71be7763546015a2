"""The care-program admin in Wagtail: URLs and the menu item (editors only)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .programs import admin_views
from .programs import selectors as programs


@hooks.register("register_admin_urls")
def register_care_program_admin_urls() -> list:
    return [
        path(
            "care-programs/", admin_views.ProgramIndexView.as_view(), name="carepaths_admin_index"
        ),
        path(
            "care-programs/new/",
            admin_views.ProgramFormView.as_view(),
            name="carepaths_admin_create",
        ),
        path(
            "care-programs/<int:pk>/",
            admin_views.ProgramFormView.as_view(),
            name="carepaths_admin_edit",
        ),
        path(
            "care-programs/<int:pk>/modules/",
            admin_views.ModulesView.as_view(),
            name="carepaths_admin_modules",
        ),
        path(
            "care-programs/<int:pk>/modules/new/",
            admin_views.ModuleFormView.as_view(),
            name="carepaths_admin_module_create",
        ),
        path(
            "care-programs/<int:pk>/modules/<int:module_id>/",
            admin_views.ModuleFormView.as_view(),
            name="carepaths_admin_module",
        ),
        path(
            "care-programs/<int:pk>/approve/",
            admin_views.ApproveView.as_view(),
            name="carepaths_admin_approve",
        ),
        path(
            "care-programs/<int:pk>/schedules/",
            admin_views.SchedulesView.as_view(),
            name="carepaths_admin_schedules",
        ),
    ]


class CareProgramMenuItem(MenuItem):
    def is_shown(self, request) -> bool:  # noqa: ANN001
        return programs.editable_organizations(user=request.user).exists()


@hooks.register("register_admin_menu_item")
def register_care_program_menu_item() -> MenuItem:
    return CareProgramMenuItem(
        _("Care programs"), reverse("carepaths_admin_index"), icon_name="list-ol", order=330
    )
