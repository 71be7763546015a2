"""The patient's home-measurement pages (included under the language prefix)."""

from django.urls import path

from . import staff_views, views

app_name = "monitoring"

urlpatterns = [
    path("my/measurements/", views.my_measurements, name="my_measurements"),
    path("my/measurements/devices/", views.my_devices, name="my_devices"),
    path("care-team/measurement-limits/", staff_views.set_limits, name="staff_limits"),
]
