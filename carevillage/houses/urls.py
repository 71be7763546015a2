from django.urls import path

from . import views

app_name = "houses"

urlpatterns = [
    path("search/", views.search, name="search"),
    path(
        "not-in-this-language/<uuid:translation_key>/",
        views.missing_translation,
        name="missing_translation",
    ),
]
