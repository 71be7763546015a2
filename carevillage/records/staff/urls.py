"""The care team's health-record pages (included by the project's URLs under the
language prefix)."""

from django.urls import path

from . import views

app_name = "records_staff"

KIND = "<str:kind>"

urlpatterns = [
    path("care-team/record/<int:person_id>/", views.patient_record, name="patient_record"),
    path(f"care-team/record/{KIND}/<int:pk>/withhold/", views.withhold, name="withhold"),
    path(f"care-team/record/{KIND}/<int:pk>/release/", views.release, name="release"),
    path(f"care-team/record/{KIND}/<int:pk>/parents/", views.guardians, name="guardians"),
    path("care-team/renewals/", views.renewals, name="renewals"),
    path("care-team/renewals/<int:pk>/", views.renewal, name="renewal"),
    path("care-team/renewals/thread/<int:thread_id>/", views.thread_renewal, name="thread_renewal"),
]
