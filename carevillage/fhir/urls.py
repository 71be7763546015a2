from django.urls import path, re_path

from . import views

app_name = "fhir"

urlpatterns = [
    path("", views.system_endpoint, name="system"),
    path("metadata", views.metadata, name="metadata"),
    path(".well-known/smart-configuration", views.smart_configuration, name="smart"),
    path("auth/token", views.token, name="token"),
    re_path(r"^(?P<resource_type>[A-Z][A-Za-z]+)$", views.type_endpoint, name="type"),
    re_path(
        r"^(?P<resource_type>[A-Z][A-Za-z]+)/(?P<resource_id>[A-Za-z0-9\-.]{1,64})$",
        views.instance_endpoint,
        name="instance",
    ),
]
