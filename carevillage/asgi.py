"""ASGI entry point: HTTP through Django, websockets through Channels."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carevillage.settings")

django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

websocket_urlpatterns: list = []  # apps add their consumers here as they arrive

from carevillage.messaging.routing import websocket_urlpatterns as messaging_websockets  # noqa: E402
from carevillage.portal.websocket_origin import SameOriginValidator  # noqa: E402

websocket_urlpatterns += messaging_websockets

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # Same scheme, host and port as the village (Channels' own check compares the host only).
        "websocket": SameOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
