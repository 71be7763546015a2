from wagtail import hooks

from .viewsets import ChatServiceViewSet


@hooks.register("register_admin_viewset")
def register_chat_service_admin() -> ChatServiceViewSet:
    return ChatServiceViewSet()
