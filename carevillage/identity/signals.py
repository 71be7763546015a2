import django.dispatch

sessions_revoked = django.dispatch.Signal()
