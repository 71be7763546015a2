"""The access policy: `from carevillage import access; access.decide(...)`.

Names resolve lazily so the app package can be imported before models are ready.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .policy import (
        AccessDenied,
        Decision,
        UnknownAction,
        atomic,
        decide,
        deny,
        deny_if_exists,
        get,
        handler_for,
        handlers,
        record,
        record_listing,
        record_listings,
        register,
        require,
        visible,
    )

__all__ = [
    "AccessDenied",
    "Decision",
    "UnknownAction",
    "atomic",
    "decide",
    "deny",
    "deny_if_exists",
    "get",
    "handler_for",
    "handlers",
    "record",
    "record_listing",
    "record_listings",
    "register",
    "require",
    "visible",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import policy

        return getattr(policy, name)
    raise AttributeError(name)
