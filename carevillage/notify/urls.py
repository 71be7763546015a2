from django.urls import path

from . import views

app_name = "notify"

urlpatterns = [
    path("my/notifications/", views.notification_settings, name="settings"),
    path("my/notifications/push/", views.push_subscription, name="push_subscription"),
    path("notifications/confirm/<str:token>/", views.confirm_email, name="confirm_email"),
]
