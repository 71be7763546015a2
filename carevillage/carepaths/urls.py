"""Care-path pages: the patient's and the care team's (each in views/); care plans are in
careplans."""

from .views import patient, staff

app_name = "carepaths"

urlpatterns = [*patient.urlpatterns, *staff.urlpatterns]
