from wagtail import hooks

from .viewsets import api_client_viewset


@hooks.register("register_admin_viewset")
def register_api_client_admin():  # noqa: ANN201 - Wagtail's viewset
    return api_client_viewset()
