"""One module per kind of resource; importing this package registers every handler.

A handler answers for one object (`decide`) and for a queryset (`visible`), and says
whose data the resource is (`subject_person_id`) so the audit event names the patient.
Add a module here and import it below when an app brings a new kind of personal data.
"""

from . import (
    anonymous_chat,  # noqa: F401
    appointments,  # noqa: F401
    assessment,  # noqa: F401
    care_team,  # noqa: F401
    carepaths,  # noqa: F401
    careplans,  # noqa: F401
    editorial,  # noqa: F401
    measurements,  # noqa: F401
    notification_settings,  # noqa: F401
    person,  # noqa: F401
    proxy,  # noqa: F401
    questionnaire_response,  # noqa: F401
    records,  # noqa: F401
    thread,  # noqa: F401
)
