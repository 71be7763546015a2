"""Wagtail's page-serving URLs, with the anonymous page cache in front of its page routing.

Included last under each language prefix by carevillage/urls.py, so /fi/, /fi/heart/ … are
village pages. A cached anonymous page is answered before Wagtail walks the page tree.
"""

from django.urls import re_path
from wagtail import urls as wagtail_urls

from . import views

urlpatterns = [
    *[p for p in wagtail_urls.urlpatterns if getattr(p, "name", "") != "wagtail_serve"],
    re_path(
        # Not below the roots that live outside the language prefix: otherwise Django's
        # LocaleMiddleware would turn their 404s into redirects to /<lang>/admin/… etc.
        r"^(?!(?:admin|oidc|healthz|bench|static|media|fhir|api|ws)/)((?:[\w\-]+/)*)$",
        views.serve_page,
        name="wagtail_serve",
    ),
]
