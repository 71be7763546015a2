"""The access policy: `from carevillage import access; access.decide(...)`.

Names resolve lazily so the app package can be imported before models are ready.
"""

from typing import Any

__all__ = ["AccessDenied", "Decision", "atomic", "decide", "record_listing", "require", "visible"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import policy

        return getattr(policy, name)
    raise AttributeError(name)
