"""Wagtail admin: editors import, edit, preview and publish questionnaires; export as FHIR.

The working copy is FHIR R4 Questionnaire JSON, validated on every save (the engine names
the linkId and construct it cannot honour). Publishing makes it an immutable version.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import builder, engine, fhir, selectors, services, views
from .models import Kind, Questionnaire, QuestionnaireVersion

PERMISSION = "questionnaires.change_questionnaire"


def _questionnaire_or_404(pk: Any) -> Questionnaire:
    questionnaire = selectors.questionnaire_by_pk(pk=pk)
    if questionnaire is None:
        raise Http404
    return questionnaire


class EditorOnly(View):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class IndexView(EditorOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "questionnaires/admin/index.html"
    page_title = _("Questionnaires")
    header_icon = "form"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["rows"] = selectors.admin_rows(language=translation.get_language())
        return context


class ImportForm(forms.Form):
    file = forms.FileField(label=_("FHIR R4 Questionnaire JSON file"), required=False)
    text = forms.CharField(
        label=_("…or paste the JSON"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "style": "font-family: monospace"}),
    )
    slug = forms.SlugField(
        label=_("Slug"), required=False, help_text=_("Leave empty to use the resource id.")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    is_public = forms.BooleanField(label=_("List as a public self-test"), required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        upload = data.get("file")
        raw = upload.read() if upload else (data.get("text") or "").encode()
        if not raw.strip():
            raise forms.ValidationError(_("Choose a file or paste the JSON."))
        try:
            definition = services.parse_fhir_json(raw)
        except engine.DefinitionError as exc:
            raise forms.ValidationError(str(exc)) from None
        if not (data.get("slug") or definition.get("id")):
            self.add_error("slug", _("The file has no id: give the questionnaire a slug."))
        data["raw"] = raw
        return data


class ImportView(EditorOnly, WagtailAdminTemplateMixin, FormView):
    template_name = "questionnaires/admin/form.html"
    page_title = _("Import a FHIR questionnaire")
    header_icon = "download"
    form_class = ImportForm

    def form_valid(self, form: ImportForm) -> HttpResponse:
        data = form.cleaned_data
        questionnaire = services.import_as_draft(
            actor=self.request.user,
            text=data["raw"],
            slug=data["slug"],
            kind=data["kind"],
            is_public=data["is_public"],
        )
        messages.success(self.request, _("Imported as a draft. Preview it, then publish."))
        return redirect("questionnaires_admin_edit", pk=questionnaire.pk)


class DraftForm(forms.Form):
    definition = forms.CharField(
        label=_("Questionnaire (FHIR R4 JSON)"),
        widget=forms.Textarea(attrs={"rows": 30, "style": "font-family: monospace"}),
    )

    def clean_definition(self) -> str:
        text = self.cleaned_data["definition"]
        try:
            services.parse_fhir_json(text)
        except engine.DefinitionError as exc:
            raise forms.ValidationError(str(exc)) from None
        return text


class EditView(EditorOnly, WagtailAdminTemplateMixin, FormView):
    template_name = "questionnaires/admin/edit.html"
    header_icon = "form"
    form_class = DraftForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.questionnaire = _questionnaire_or_404(kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return str(_("Edit %(slug)s") % {"slug": self.questionnaire.slug})

    def get_initial(self) -> dict[str, Any]:
        latest = self.questionnaire.latest_version()
        source = self.questionnaire.draft_definition or (latest and latest.definition) or {}
        return {"definition": json.dumps(source, indent=2, ensure_ascii=False)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["questionnaire"] = self.questionnaire
        context["latest"] = self.questionnaire.latest_version()
        return context

    def form_valid(self, form: DraftForm) -> HttpResponse:
        services.save_draft_definition(
            actor=self.request.user,
            questionnaire=self.questionnaire,
            text=form.cleaned_data["definition"],
        )
        messages.success(self.request, _("Draft saved. Preview it, then publish."))
        return redirect("questionnaires_admin_edit", pk=self.questionnaire.pk)


class ApproveForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I have reviewed the questions, answer options, scoring and result texts of this "
            "draft, and I approve publishing it."
        ),
        error_messages={
            "required": _("Tick the box to confirm that you reviewed the draft before approving.")
        },
    )


class PublishView(EditorOnly, WagtailAdminTemplateMixin, TemplateView):
    """The second clinician's page: every reason that blocks approval, or the button."""

    template_name = "questionnaires/admin/approve.html"
    page_title = _("Approve and publish")
    header_icon = "success"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.questionnaire = _questionnaire_or_404(kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return self.questionnaire.slug

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        latest = self.questionnaire.latest_version()
        context["questionnaire"] = self.questionnaire
        context["next_number"] = (latest.number + 1) if latest else 1
        context["reasons"] = selectors.approval_problems(
            actor=self.request.user, questionnaire=self.questionnaire
        )
        context.setdefault("form", ApproveForm())
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ApproveForm(request.POST)
        if not form.is_valid() and not selectors.approval_problems(
            actor=request.user, questionnaire=self.questionnaire
        ):
            messages.error(request, _("Not published. Confirm that you reviewed the draft."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            version = services.approve_and_publish(
                actor=request.user, questionnaire=self.questionnaire
            )
        except services.ApprovalRefused:
            messages.error(request, _("Not published. See the reasons below."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            request,
            _("Approved and published %(slug)s version %(number)s.")
            % {"slug": self.questionnaire.slug, "number": version.number},
        )
        return redirect("questionnaires_admin_index")


class PreviewView(EditorOnly, View):
    """The draft exactly as a citizen would answer it; nothing is counted or stored."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        questionnaire = _questionnaire_or_404(kwargs["pk"])
        latest = questionnaire.latest_version()
        definition = questionnaire.draft_definition or (latest and latest.definition)
        if not definition:
            raise PermissionDenied
        draft = QuestionnaireVersion(questionnaire=questionnaire, number=0, definition=definition)
        if request.method not in ("GET", "POST"):
            return HttpResponse(status=405)
        return views.run_anonymously(request, draft, count=False)


class ExportView(EditorOnly, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        questionnaire = _questionnaire_or_404(pk)
        version = questionnaire.latest_version()
        if version is None:
            messages.error(request, _("This questionnaire has no published version to export."))
            return redirect("questionnaires_admin_index")
        response = JsonResponse(
            fhir.questionnaire_json(version),
            json_dumps_params={"indent": 2, "ensure_ascii": False},
        )
        response["Content-Type"] = "application/fhir+json"
        response["Content-Disposition"] = (
            f'attachment; filename="{questionnaire.slug}-v{version.number}.json"'
        )
        return response


class ItemsView(EditorOnly, WagtailAdminTemplateMixin, TemplateView):
    """Edit items: build the draft from rows instead of JSON (see builder.py)."""

    template_name = "questionnaires/admin/items.html"
    header_icon = "list-ul"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        pk = kwargs.get("pk")
        self.questionnaire = _questionnaire_or_404(pk) if pk else None
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        if self.questionnaire is None:
            return str(_("New questionnaire"))
        return str(_("Edit items of %(slug)s") % {"slug": self.questionnaire.slug})

    def source(self) -> dict:
        if self.questionnaire is None:
            return {}
        latest = self.questionnaire.latest_version()
        return self.questionnaire.draft_definition or (latest and latest.definition) or {}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        source = self.source()
        title, items, options = builder.rows_from_definition(source)
        return self.render_to_response(
            self.get_context_data(
                title_form=builder.TitleForm(initial=title, new=self.questionnaire is None),
                items=builder.ItemFormSet(initial=items, prefix="items"),
                options=builder.OptionFormSet(initial=options, prefix="options"),
                unsupported=builder.unsupported_reason(source),
            )
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        source = self.source()
        unsupported = builder.unsupported_reason(source)
        title_form = builder.TitleForm(request.POST, new=self.questionnaire is None)
        items = builder.ItemFormSet(request.POST, prefix="items")
        options = builder.OptionFormSet(request.POST, prefix="options")
        context = {
            "title_form": title_form,
            "items": items,
            "options": options,
            "unsupported": unsupported,
        }
        if unsupported or not all([title_form.is_valid(), items.is_valid(), options.is_valid()]):
            return self.render_to_response(self.get_context_data(**context))
        try:
            definition = builder.definition_from_rows(
                source,
                title_form.cleaned_data,
                builder.kept_rows(items),
                builder.kept_rows(options),
                removed_items=builder.removed_link_ids(items),
            )
            text = json.dumps(definition, ensure_ascii=False)
            if self.questionnaire is None:
                questionnaire = services.create_draft(
                    actor=request.user,
                    text=text,
                    slug=title_form.cleaned_data["slug"],
                    kind=title_form.cleaned_data["kind"],
                    is_public=title_form.cleaned_data["is_public"],
                )
            else:
                questionnaire = services.save_draft_definition(
                    actor=request.user, questionnaire=self.questionnaire, text=text
                )
        except engine.DefinitionError as exc:
            context["definition_error"] = str(exc)
            return self.render_to_response(self.get_context_data(**context))
        messages.success(request, _("Draft saved. Preview it, then publish."))
        return redirect("questionnaires_admin_items", pk=questionnaire.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["questionnaire"] = self.questionnaire
        context["latest"] = self.questionnaire and self.questionnaire.latest_version()
        return context
