"""Wagtail admin: clinical editors build navigators, a second clinician approves them.

Drafts are edited as JSON (the format is described in `validation.py`) or, without
writing JSON, as plain forms ("Edit as form", `graph_forms.py`); both pages list every
problem the validator finds. A draft goes live only through the approve
view, which calls `services.approve_and_publish` (validator + a second clinician).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms.models import modelform_factory
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.log_actions import log

from . import graph_forms, selectors, services
from .models import Navigator, NavigatorVersion, VersionStatus
from .validation import validate

if TYPE_CHECKING:
    from carevillage.identity.models import User

GRAPH_HELP = _(
    "The navigator as JSON: languages, title, intro, start and nodes (questions with "
    "answers, dispositions with level, text, service). Saving a draft with problems is "
    "allowed; approving it is not. Leave it empty to build the draft with forms instead."
)


class NavigatorCreateView(generic.CreateView):
    def save_instance(self) -> Navigator:
        navigator = services.create_navigator(
            actor=cast("User", self.request.user), **self.form.cleaned_data
        )
        log(instance=navigator, action="wagtail.create", content_changed=True)
        return navigator


class NavigatorViewSet(ModelViewSet):
    model = Navigator
    name = "navigators"
    url_prefix = "navigators/navigators"
    icon = "help"
    add_view_class = NavigatorCreateView
    form_fields = ["slug", "name"]
    list_display = ["name", "slug"]
    copy_view_enabled = False
    delete_view_enabled = False


class VersionForm(WagtailAdminModelForm):
    graph = forms.JSONField(
        label=_("Graph"),
        help_text=GRAPH_HELP,
        required=False,
        widget=forms.Textarea(attrs={"rows": 30, "style": "font-family: monospace"}),
        error_messages={
            "invalid": _("The graph is not valid JSON. Check quotes, commas and brackets.")
        },
    )


class VersionCreateView(generic.CreateView):
    def save_instance(self) -> NavigatorVersion:
        version = services.create_draft(
            actor=cast("User", self.request.user),
            navigator=self.form.cleaned_data["navigator"],
            graph=self.form.cleaned_data["graph"] or {},
        )
        log(instance=version, action="wagtail.create", content_changed=True)
        return version

    def get_success_url(self) -> str:
        # An empty draft is built with the forms; a pasted graph opens in the JSON editor.
        view = "edit" if self.object.graph else "edit_as_form"
        return reverse(f"navigator_versions:{view}", args=[self.object.pk])


class VersionEditView(generic.EditView):
    template_name = "navigator/admin/edit_version.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # Published and retired versions never change: the admin list's link to them
        # opens the read-only inspect view instead of a 404 (for those who may edit at all).
        if self.permission_required is not None and not self.user_has_permission(
            self.permission_required
        ):
            raise PermissionDenied
        if selectors.is_locked_version(version_id=kwargs.get("pk")):
            return redirect("navigator_versions:inspect", kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().filter(status=VersionStatus.DRAFT)

    def save_instance(self) -> NavigatorVersion:
        version = services.change_draft(
            actor=cast("User", self.request.user),
            version=self.object,
            graph=self.form.cleaned_data["graph"] or {},
        )
        log(instance=version, action="wagtail.edit", content_changed=True)
        return version

    def get_success_url(self) -> str:
        return reverse("navigator_versions:edit", args=[self.object.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["problems"] = validate(self.object.graph)
        context["approve_url"] = reverse("navigator_versions:approve", args=[self.object.pk])
        context["form_editor_url"] = reverse(
            "navigator_versions:edit_as_form", args=[self.object.pk]
        )
        return context


class GraphFormView(WagtailAdminTemplateMixin, TemplateView):
    """The draft's graph as plain forms: questions, answers, dispositions.

    Saving rebuilds the graph and stores it like the JSON editor does; a draft with
    problems may be saved (the validator lists them), only approval refuses it.
    """

    template_name = "navigator/admin/edit_as_form.html"
    page_title = _("Edit as form")
    header_icon = "form"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.has_perm("navigator.change_navigatorversion"):
            raise PermissionDenied
        # Published and retired versions never change; only a draft opens here.
        self.version = selectors.draft_version_or_404(version_id=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return str(self.version)

    def _forms(self, data: Any = None) -> dict[str, Any]:
        initial = graph_forms.forms_initial(self.version.graph)
        return {
            "navigator_form": graph_forms.NavigatorFieldsForm(
                data, initial=initial["navigator"], prefix="navigator"
            ),
            "questions": graph_forms.QuestionFormSet(
                data, initial=initial["questions"], prefix="questions"
            ),
            "answers": graph_forms.AnswerFormSet(
                data, initial=initial["answers"], prefix="answers"
            ),
            "dispositions": graph_forms.DispositionFormSet(
                data, initial=initial["dispositions"], prefix="dispositions"
            ),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("forms", self._forms())
        context.update(context["forms"])
        context["version"] = self.version
        context["problems"] = validate(self.version.graph)
        context["json_editor_url"] = reverse("navigator_versions:edit", args=[self.version.pk])
        context["approve_url"] = reverse("navigator_versions:approve", args=[self.version.pk])
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        bound = self._forms(request.POST)
        if not all(form.is_valid() for form in bound.values()):
            messages.error(request, _("Not saved. Correct the fields marked below."))
            return self.render_to_response(self.get_context_data(forms=bound))
        graph = graph_forms.graph_from_forms(
            bound["navigator_form"], bound["questions"], bound["answers"], bound["dispositions"]
        )
        self.version = services.change_draft(
            actor=cast("User", request.user), version=self.version, graph=graph
        )
        log(instance=self.version, action="wagtail.edit", content_changed=True)
        messages.success(request, _("Draft saved."))
        return redirect("navigator_versions:edit_as_form", pk=self.version.pk)


class ApproveView(WagtailAdminTemplateMixin, TemplateView):
    """The second clinician's page: every reason that blocks approval, or the button."""

    template_name = "navigator/admin/approve.html"
    page_title = _("Approve and publish")
    header_icon = "success"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.has_perm("navigator.change_navigatorversion"):
            raise PermissionDenied
        self.version = selectors.version_or_404(version_id=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return str(self.version)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["version"] = self.version
        context["reasons"] = services.approval_problems(
            actor=cast("User", self.request.user), version=self.version
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            services.approve_and_publish(actor=cast("User", request.user), version=self.version)
        except services.PublishRefused:
            messages.error(request, _("Not published. Fix the problems listed below first."))
            return self.get(request, *args, **kwargs)
        log(instance=self.version, action="wagtail.publish")
        messages.success(
            request,
            _("%(version)s is published and replaces any earlier version.")
            % {"version": self.version},
        )
        return redirect("navigator_versions:index")


class NavigatorVersionViewSet(ModelViewSet):
    model = NavigatorVersion
    name = "navigator_versions"
    url_prefix = "navigators/versions"
    icon = "doc-full"
    add_view_class = VersionCreateView
    edit_view_class = VersionEditView
    copy_view_enabled = False
    delete_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["navigator", "graph"]
    list_display = ["__str__", "status", "author", "approved_by", "published_at"]
    list_filter = ["status", "navigator"]

    def get_form_class(self, for_update: bool = False) -> type[forms.ModelForm]:
        return modelform_factory(self.model, form=VersionForm, fields=self.form_fields)

    def get_urlpatterns(self) -> list:
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/approve/", ApproveView.as_view(), name="approve"),
            path("<int:pk>/edit-as-form/", GraphFormView.as_view(), name="edit_as_form"),
        ]


class StatisticsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "navigator/admin/statistics.html"
    page_title = _("Navigator statistics")
    header_icon = "table"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.has_perm("navigator.view_assessment"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["rows"] = selectors.weekly_statistics()
        return context


class NavigatorViewSetGroup(ModelViewSetGroup):
    menu_label = _("Symptom navigators")
    menu_icon = "help"
    menu_order = 300
    items = (NavigatorViewSet, NavigatorVersionViewSet)
