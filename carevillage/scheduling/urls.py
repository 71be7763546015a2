"""Appointments: the patient's pages under my/appointments/, the staff day view under
staff/appointments/ (both under the language prefix)."""

from django.urls import path

from . import staff_views, views

app_name = "scheduling"

urlpatterns = [
    path("my/appointments/", views.my_appointments, name="my_appointments"),
    path("my/appointments/book/", views.choose_type, name="choose_type"),
    path("my/appointments/book/<int:type_id>/", views.choose_time, name="choose_time"),
    path("my/appointments/book/<int:type_id>/confirm/", views.confirm, name="confirm"),
    path("my/appointments/<int:pk>/", views.appointment, name="appointment"),
    path("my/appointments/<int:pk>/calendar.ics", views.calendar_file, name="calendar_file"),
    path("my/appointments/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("my/appointments/<int:pk>/change/", views.change, name="change"),
    path("staff/appointments/", staff_views.day, name="staff_day"),
    path("staff/appointments/requests/", staff_views.requests, name="staff_requests"),
    path("staff/appointments/report/", staff_views.report, name="staff_report"),
    path("staff/appointments/<int:pk>/mark/", staff_views.mark, name="staff_mark"),
    path("staff/appointments/<int:pk>/cancel/", staff_views.cancel, name="staff_cancel"),
    path("staff/appointments/<int:pk>/move/", staff_views.move, name="staff_move"),
    path("staff/appointments/<int:pk>/answer/", staff_views.answer, name="staff_answer"),
]
