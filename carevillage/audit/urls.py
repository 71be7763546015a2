from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("my/who-has-viewed-my-data/", views.my_trail, name="my_trail"),
]
