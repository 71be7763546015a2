from wagtail import hooks

from .viewsets import SchedulingViewSetGroup


@hooks.register("register_admin_viewset")
def register_scheduling_admin() -> SchedulingViewSetGroup:
    return SchedulingViewSetGroup()
