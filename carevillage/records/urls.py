"""The patient's health-record pages (included by the project's URLs under the language
prefix)."""

from django.urls import path

from . import views
from .views.download import download_record

app_name = "records"

urlpatterns = [
    path("my/record/", views.my_record, name="my_record"),
    path("my/record/download.json", download_record, name="download"),
    path("my/record/documents/<int:pk>/", views.document, name="document"),
    path(
        "my/record/documents/<int:pk>/attachment/",
        views.document_attachment,
        name="document_attachment",
    ),
    path("my/record/results/<int:pk>/", views.result, name="result"),
    path("my/record/vaccinations/card/", views.vaccination_card, name="vaccination_card"),
    path("my/record/medicines/<int:pk>/renewal/", views.ask_renewal, name="ask_renewal"),
    path("my/record/documents/", views.documents, name="documents"),
    path("my/record/results/", views.results, name="results"),
    path("my/record/medicines/", views.medicines, name="medicines"),
    path("my/record/print/", views.print_record, name="print_record"),
]
