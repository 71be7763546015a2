"""Acting for someone else: the person's own pages under my/act-for/."""

from .views import urlpatterns as urlpatterns

app_name = "proxy"
