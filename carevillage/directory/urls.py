from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("providers/", views.finder, name="finder"),
]
