"""Wagtail admin: editors build care programs (settings, modules with reading and
exercises, scheduled questionnaires and measurements).

Only staff with the editor role may open these pages (others get 403), and they see and
reach only the programs of the organizations where they are editors (others are 404).
Views parse the forms of admin_forms.py and call services.py; when a service
refuses, its message is shown with the other errors and nothing is saved.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from carevillage import access
from carevillage.access.actors import request_actor
from carevillage.audit.actions import AuditAction

from ..errors import CarePathError
from ..models import (
    Exercise,
    MeasurementTask,
    Module,
    Program,
    ScheduledQuestionnaire,
)
from . import admin_forms, selectors, services


def error_list(*forms: Any, formsets: tuple = ()) -> list[str]:
    """Every error of the forms as "label: message", for the error summary at the top."""
    found: list[str] = []

    def add(form: Any, prefix: str = "") -> None:
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for error in errors:
                found.append(f"{prefix}{label}: {error}" if label else f"{prefix}{error}")

    for form in forms:
        add(form)
    for title, formset in formsets:
        for error in formset.non_form_errors():
            found.append(f"{title}: {error}")
        for number, form in enumerate(formset.forms, start=1):
            add(form, f"{title} {number} – ")
    return found


class EditorView(WagtailAdminTemplateMixin, TemplateView):
    """Open to editors only; `self.program` is looked up among their programs."""

    header_icon = "list-ol"
    program: Program | None = None

    @property
    def current_program(self) -> Program:
        """The program of a view opened with one (every view but "new program")."""
        if self.program is None:
            raise Http404
        return self.program

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.organizations = selectors.editable_organizations(user=request.user)
        if not self.organizations.exists():
            raise PermissionDenied
        if "pk" in kwargs:
            try:
                self.program = get_object_or_404(
                    selectors.editable_programs(user=request.user).select_related(
                        "organization", "default_care_team"
                    ),
                    pk=kwargs["pk"],
                )
            except Http404:
                # Another organization's program: a refusal, audited like every one.
                access.deny_if_exists(
                    request_actor(request),
                    AuditAction.OPEN_ADMIN_ITEM,
                    Program,
                    kwargs["pk"],
                    "not a program of the editor's organizations",
                )
                raise
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return self.program.title_in(translation.get_language()) if self.program else ""

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        items = [
            *self.breadcrumbs_items,
            {"url": reverse("carepaths_admin_index"), "label": _("Care programs")},
        ]
        if self.program is not None:
            items.append(
                {
                    "url": reverse("carepaths_admin_edit", args=[self.program.pk]),
                    "label": self.get_page_subtitle() or self.program.slug,
                }
            )
        if not isinstance(self, ProgramIndexView):
            items.append({"url": "", "label": self.get_page_title()})
        return items

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["program"] = self.program
        context["section"] = getattr(self, "section", "")
        return context


class ProgramIndexView(EditorView):
    template_name = "carepaths/admin/index.html"
    page_title = _("Care programs")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        language = translation.get_language()
        programs = (
            selectors.editable_programs(user=self.request.user)
            .select_related("organization")
            .annotate(
                module_count=Count("modules", distinct=True),
                enrollment_count=Count("enrollments", distinct=True),
            )
            .order_by("organization__name", "slug")
        )
        context["rows"] = [
            {"program": program, "title": program.title_in(language)} for program in programs
        ]
        return context


class ProgramFormView(EditorView):
    """Create a program (no pk) or change its settings."""

    template_name = "carepaths/admin/program_form.html"
    section = "settings"

    def get_page_title(self) -> str:
        return str(_("Program settings") if self.program else _("New care program"))

    def _form(self, data: Any = None) -> admin_forms.ProgramForm:
        initial: dict[str, Any] = {"reminder_time": "09:00", "duration_days": 28}
        if self.program is not None:
            initial = {
                "enrollment_mode": self.program.enrollment_mode,
                "default_care_team": self.program.default_care_team_id,
                "duration_days": self.program.duration_days,
                "reminder_time": self.program.reminder_time,
                "house_theme": self.program.house_theme,
            }
        return admin_forms.ProgramForm(
            data, organizations=self.organizations, program=self.program, initial=initial
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=self._form()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self._form(request.POST)
        errors: list[str] = []
        if form.is_valid():
            try:
                if self.program is None:
                    program = services.create_program(
                        actor=request.user,
                        organization=form.cleaned_data["organization"],
                        slug=form.cleaned_data["slug"],
                        **form.values(),
                    )
                    messages.success(request, _("Program created. Add its modules next."))
                    return redirect("carepaths_admin_modules", pk=program.pk)
                services.update_program(actor=request.user, program=self.program, **form.values())
                messages.success(request, _("Program settings saved."))
                return redirect("carepaths_admin_edit", pk=self.program.pk)
            except CarePathError as error:
                errors.append(str(error))
        errors += error_list(form)
        return self.render_to_response(self.get_context_data(form=form, errors=errors))


class ModulesView(EditorView):
    """The program's modules in order: move up or down, remove, open to edit."""

    template_name = "carepaths/admin/modules.html"
    page_title = _("Modules")
    section = "modules"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        language = translation.get_language()
        modules = self.current_program.modules.annotate(exercise_count=Count("exercises")).order_by(
            "position"
        )
        context["rows"] = [
            {"module": module, "title": module.title_in(language)} for module in modules
        ]
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        module = get_object_or_404(Module, pk=request.POST.get("module"), program=self.program)
        action = request.POST.get("action")
        try:
            if action in ("up", "down"):
                services.move_module(
                    actor=request.user, module=module, direction=-1 if action == "up" else 1
                )
                messages.success(request, _("Module order saved."))
            elif action == "remove":
                services.remove_module(actor=request.user, module=module)
                messages.success(request, _("Module removed."))
        except CarePathError as error:
            return self.render_to_response(self.get_context_data(errors=[str(error)]))
        return redirect("carepaths_admin_modules", pk=self.current_program.pk)


class ModuleFormView(EditorView):
    """Add a module at the end, or change one: title and reading per language, when it
    unlocks, and its exercises."""

    template_name = "carepaths/admin/module_form.html"
    section = "modules"
    module: Module | None = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.module_id = kwargs.pop("module_id", None)
        return super().dispatch(request, *args, **kwargs)

    def setup_module(self) -> None:
        if self.module_id is not None:
            self.module = get_object_or_404(Module, pk=self.module_id, program=self.program)

    def get_page_title(self) -> str:
        if self.module is None:
            return str(_("New module"))
        return str(_("Module %(position)d") % {"position": self.module.position})

    def _forms(self, data: Any = None) -> tuple[Any, Any]:
        initial = (
            {"unlock_rule": self.module.unlock_rule, "unlock_day": self.module.unlock_day}
            if self.module
            else {"unlock_rule": "day", "unlock_day": 0}
        )
        form = admin_forms.ModuleForm(
            data, program=self.current_program, module=self.module, initial=initial
        )
        exercises = (
            [admin_forms.exercise_initial(item) for item in self.module.exercises.all()]
            if self.module
            else []
        )
        formset = admin_forms.ExerciseFormSet(data, initial=exercises, prefix="exercises")
        return form, formset

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_module()
        form, formset = self._forms()
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_module()
        form, formset = self._forms(request.POST)
        errors: list[str] = []
        if form.is_valid() and formset.is_valid():
            try:
                rows = self._exercise_rows(formset)
                module = services.save_module(
                    actor=request.user,
                    program=self.current_program,
                    module=self.module,
                    title=form.cleaned_data["title"],
                    reading=form.cleaned_data["reading"],
                    unlock_rule=form.cleaned_data["unlock_rule"],
                    unlock_day=form.cleaned_data["unlock_day"],
                    exercises=rows,
                )
                messages.success(request, _("Module saved."))
                return redirect(
                    "carepaths_admin_module", pk=self.current_program.pk, module_id=module.pk
                )
            except CarePathError as error:
                errors.append(str(error))
        errors += error_list(form, formsets=((_("Exercise"), formset),))
        return self.render_to_response(
            self.get_context_data(form=form, formset=formset, errors=errors)
        )

    def _exercise_rows(self, formset: Any) -> list[services.ExerciseRow]:
        existing = {item.pk: item for item in Exercise.objects.filter(module=self.module)}
        rows = []
        for form in formset.forms:
            data = form.cleaned_data
            exercise_id = data.get("exercise_id")
            if not data or (exercise_id is None and not form.has_changed()):
                continue
            exercise = existing.get(exercise_id) if exercise_id else None
            if exercise_id and exercise is None:
                raise CarePathError(_("An exercise was changed elsewhere; reload the page."))
            if exercise is None and data.get("DELETE"):
                continue
            rows.append(
                services.ExerciseRow(
                    exercise=exercise,
                    prompt=data.get("prompt", {}),
                    kind=data.get("kind", ""),
                    fields=data.get("fields", []),
                    delete=bool(data.get("DELETE")),
                )
            )
        return rows

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["module"] = self.module
        return context


class SchedulesView(EditorView):
    """Scheduled questionnaires and measurement tasks, edited together."""

    template_name = "carepaths/admin/schedules.html"
    page_title = _("Questionnaires and measurements")
    section = "schedules"

    def _formsets(self, data: Any = None) -> tuple[Any, Any]:
        program = self.current_program
        questionnaires = admin_forms.QuestionnaireScheduleFormSet(
            data,
            initial=[
                admin_forms.schedule_initial(item)
                for item in program.scheduled_questionnaires.all()
            ],
            prefix="questionnaires",
            form_kwargs={"program": program},
        )
        measurements = admin_forms.MeasurementScheduleFormSet(
            data,
            initial=[
                admin_forms.schedule_initial(item) for item in program.measurement_tasks.all()
            ],
            prefix="measurements",
            form_kwargs={"program": program},
        )
        return questionnaires, measurements

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        questionnaires, measurements = self._formsets()
        return self.render_to_response(
            self.get_context_data(questionnaires=questionnaires, measurements=measurements)
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        questionnaires, measurements = self._formsets(request.POST)
        errors: list[str] = []
        if questionnaires.is_valid() and measurements.is_valid():
            try:
                services.save_schedules(
                    actor=request.user,
                    program=self.current_program,
                    questionnaires=self._rows(questionnaires, ScheduledQuestionnaire),
                    measurements=self._rows(measurements, MeasurementTask),
                )
                messages.success(request, _("Schedules saved."))
                return redirect("carepaths_admin_schedules", pk=self.current_program.pk)
            except CarePathError as error:
                errors.append(str(error))
        errors += error_list(
            formsets=(
                (_("Questionnaire"), questionnaires),
                (_("Measurement"), measurements),
            )
        )
        return self.render_to_response(
            self.get_context_data(
                questionnaires=questionnaires, measurements=measurements, errors=errors
            )
        )

    def _rows(self, formset: Any, model: Any) -> list[services.ScheduleRow]:
        existing = {item.pk: item for item in model.objects.filter(program=self.program)}
        rows = []
        for form in formset.forms:
            data = form.cleaned_data
            item_id = data.get("item_id")
            if not data or (item_id is None and not form.has_changed()):
                continue
            item = existing.get(item_id) if item_id else None
            if item_id and item is None:
                raise CarePathError(_("A schedule was changed elsewhere; reload the page."))
            if item is None and data.get("DELETE"):
                continue
            delete = bool(data.get("DELETE"))
            rows.append(
                services.ScheduleRow(
                    item=item, values={} if delete else form.values(), delete=delete
                )
            )
        return rows


class ApproveView(EditorView):
    """The second clinician's page: every reason that blocks approval, or the confirmation
    and the button. Its editors open it too (to see the state and withdraw the program)."""

    template_name = "carepaths/admin/approve.html"
    page_title = _("Approve and publish")
    header_icon = "success"
    section = "approval"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.organizations = selectors.editable_organizations(user=request.user)
        self.program = selectors.program_for_review(user=request.user, pk=kwargs["pk"])
        if self.program is None:
            access.deny_if_exists(
                request_actor(request),
                AuditAction.OPEN_ADMIN_ITEM,
                Program,
                kwargs["pk"],
                "not a program the user may edit or approve",
            )
            raise Http404
        return super(EditorView, self).dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", admin_forms.ApproveForm())
        context["reasons"] = services.approval_problems(
            actor=self.request.user, program=self.current_program
        )
        context["is_editor"] = self.organizations.filter(
            pk=self.current_program.organization_id
        ).exists()
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        program = self.current_program
        title = program.title_in(translation.get_language()) or program.slug
        if request.POST.get("action") == "withdraw":
            if not self.organizations.filter(pk=program.organization_id).exists():
                raise PermissionDenied
            services.withdraw_program(actor=request.user, program=program)
            messages.success(
                request,
                _("“%(title)s” is no longer offered; people already in it go on.")
                % {"title": title},
            )
            return redirect("carepaths_admin_approve", pk=program.pk)
        form = admin_forms.ApproveForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(form=form, errors=error_list(form)), status=400
            )
        try:
            services.approve_program(actor=request.user, program=program)
        except services.ApprovalRefused:
            program.refresh_from_db()
            messages.error(request, _("Not published. See the reasons below."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            request,
            _("“%(title)s” is approved and published: it is offered from now on.")
            % {"title": title},
        )
        return redirect("carepaths_admin_approve", pk=program.pk)
