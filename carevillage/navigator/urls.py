from django.urls import path

from . import views

app_name = "navigator"

urlpatterns = [
    path("navigators/", views.navigator_list, name="list"),
    path("navigators/<slug:slug>/", views.start, name="start"),
    path("navigators/<slug:slug>/question/", views.question, name="question"),
    path("navigators/<slug:slug>/result/", views.result, name="result"),
]
