from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_questionnaire_admin_urls() -> list:
    return [
        path("questionnaires/", admin_views.IndexView.as_view(), name="questionnaires_admin_index"),
        path(
            "questionnaires/import/",
            admin_views.ImportView.as_view(),
            name="questionnaires_admin_import",
        ),
        path(
            "questionnaires/<int:pk>/",
            admin_views.EditView.as_view(),
            name="questionnaires_admin_edit",
        ),
        path(
            "questionnaires/new/items/",
            admin_views.ItemsView.as_view(),
            name="questionnaires_admin_new",
        ),
        path(
            "questionnaires/<int:pk>/items/",
            admin_views.ItemsView.as_view(),
            name="questionnaires_admin_items",
        ),
        path(
            "questionnaires/<int:pk>/preview/",
            admin_views.PreviewView.as_view(),
            name="questionnaires_admin_preview",
        ),
        path(
            "questionnaires/<int:pk>/publish/",
            admin_views.PublishView.as_view(),
            name="questionnaires_admin_publish",
        ),
        path(
            "questionnaires/<int:pk>/export/",
            admin_views.ExportView.as_view(),
            name="questionnaires_admin_export",
        ),
    ]


class QuestionnaireMenuItem(MenuItem):
    def is_shown(self, request) -> bool:  # noqa: ANN001
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_admin_menu_item")
def register_questionnaire_menu_item() -> MenuItem:
    return QuestionnaireMenuItem(
        _("Questionnaires"), reverse("questionnaires_admin_index"), icon_name="form", order=320
    )
