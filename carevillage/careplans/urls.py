"""Care-plan pages: the patient's plans and the care team's (paths as they were when
care plans lived in carepaths)."""

from .views import urlpatterns as urlpatterns

app_name = "careplans"
