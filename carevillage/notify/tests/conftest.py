"""Notify reuses the messaging fixtures: a care team with nurses, a real SMTP server
(aiosmtpd), and the django-tasks worker code to run what was queued."""

from carevillage.messaging.tests.conftest import (  # noqa: F401 - fixtures
    _fresh_rate_limits,
    smtp_server,
    village,
)
