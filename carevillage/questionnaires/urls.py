from django.urls import path

from . import views

app_name = "questionnaires"

urlpatterns = [
    path("self-tests/", views.self_test_list, name="self_tests"),
    path("self-tests/<slug:slug>/", views.self_test, name="self_test"),
    path("my/questionnaires/", views.my_questionnaires, name="mine"),
    path("my/questionnaires/<slug:slug>/", views.answer, name="answer"),
    path("my/questionnaires/<slug:slug>/history/", views.history, name="history"),
    path("my/responses/<int:pk>/", views.response_detail, name="response"),
    path("my/responses/<int:pk>/fhir/", views.response_fhir, name="response_fhir"),
]
