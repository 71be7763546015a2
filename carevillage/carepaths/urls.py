"""Care-path pages: the patient's, the care team's, and care plans (each in views/)."""

from .views import care_plans, patient, staff

app_name = "carepaths"

urlpatterns = [*patient.urlpatterns, *staff.urlpatterns, *care_plans.urlpatterns]
