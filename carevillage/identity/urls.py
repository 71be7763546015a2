from django.urls import path

from . import staff_views, views

app_name = "identity"

urlpatterns = [
    path("login/", views.login, name="login"),
    path("login/e-id/", views.start_eid_login, name="start_eid_login"),
    path("logout/", views.logout, name="logout"),
    path("logged-out/", views.logged_out, name="logged_out"),
    path("staff/login/", staff_views.staff_login, name="staff_login"),
    path("staff/login/second-factor/", staff_views.staff_second_factor, name="staff_second_factor"),
    path("staff/", staff_views.staff_home, name="staff_home"),
]
