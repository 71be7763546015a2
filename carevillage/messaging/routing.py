from django.urls import path

from . import consumers

websocket_urlpatterns = [
    path("ws/messages/<int:thread_id>/", consumers.ThreadConsumer.as_asgi()),
    path("ws/chat/", consumers.AnonymousChatConsumer.as_asgi()),
    path("ws/chat-queue/", consumers.ChatQueueConsumer.as_asgi()),
]
