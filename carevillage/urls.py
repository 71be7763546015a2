import os

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls

from carevillage.fhir import views as fhir_views
from carevillage.identity import views as identity_views
from carevillage.notify import views as notify_views
from carevillage.portal import views as portal_views

urlpatterns = [
    path("", portal_views.root, name="root"),
    path("healthz", portal_views.healthz, name="healthz"),
    # Browsers and feed readers ask for /favicon.ico whatever the page links.
    path("favicon.ico", portal_views.favicon, name="favicon"),
    # The one redirect URI registered at the e-ID provider; the language travels in the session.
    path("oidc/callback/", identity_views.callback, name="oidc_callback"),
    path("oidc/jwks.json", identity_views.client_jwks, name="oidc_client_jwks"),
    # Web push: the service worker must be served from this origin (root scope).
    path("notify-service-worker.js", notify_views.service_worker, name="notify_service_worker"),
    path("admin/", include(wagtailadmin_urls)),
    # The FHIR R4 API for EHRs: no language prefix, JSON only. The base URL itself takes
    # transaction Bundles, with or without the trailing slash (no redirect of a POST).
    path("fhir", fhir_views.system_endpoint, name="fhir_base"),
    path("fhir/", include("carevillage.fhir.urls")),
    # Home-measurement devices: token auth, JSON only, no language prefix.
    path("api/monitoring/", include("carevillage.monitoring.api_urls")),
]

urlpatterns += i18n_patterns(
    path("", include("carevillage.portal.urls")),
    path("", include("carevillage.audit.urls")),
    path("", include("carevillage.identity.urls")),
    path("", include("carevillage.houses.urls")),
    path("", include("carevillage.directory.urls")),
    path("", include("carevillage.messaging.urls")),
    path("", include("carevillage.notify.urls")),
    path("", include("carevillage.questionnaires.urls")),
    path("", include("carevillage.navigator.urls")),
    path("", include("carevillage.carepaths.urls")),
    path("", include("carevillage.careplans.urls")),
    path("", include("carevillage.records.urls")),
    path("", include("carevillage.records.staff.urls")),
    path("", include("carevillage.proxy.urls")),
    path("", include("carevillage.scheduling.urls")),
    path("", include("carevillage.monitoring.urls")),
    # Last: Wagtail serves the village pages from the language root (/fi/, /fi/heart/, ...).
    path("", include("carevillage.houses.page_urls")),
    prefix_default_language=True,
)

if os.environ.get("BENCH") == "1":  # `make bench` only: the baseline it measures against
    from carevillage.houses.views import bench_baseline

    urlpatterns.append(path("bench/baseline", bench_baseline))
