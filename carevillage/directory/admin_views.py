"""The admin page for importing providers from CSV or a FHIR R4 Bundle."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from . import services


class ImportForm(forms.Form):
    FORMATS = [("csv", _("CSV")), ("fhir", _("FHIR R4 Bundle (JSON)"))]
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS, widget=forms.RadioSelect)
    file = forms.FileField(label=_("File"))

    def clean_file(self):  # noqa: ANN201
        upload = self.cleaned_data["file"]
        if upload.size > services.MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


def import_providers(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perms(["directory.add_provider", "directory.change_provider"]):
        raise PermissionDenied
    report = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        importer = (
            services.import_providers_csv
            if form.cleaned_data["format"] == "csv"
            else services.import_fhir_bundle
        )
        report = importer(actor=request.user, data=data)
    return TemplateResponse(
        request,
        "directory/admin/import.html",
        {"form": form, "report": report, "header_title": _("Import providers")},
    )
