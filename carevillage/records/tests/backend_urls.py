"""The project's URLs plus the records staff pages, for tests of those pages until the
project's URLconf includes them."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from carevillage.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    *i18n_patterns(
        path("", include("carevillage.records.staff.urls")),
        prefix_default_language=True,
    ),
    *project_urlpatterns,
]
