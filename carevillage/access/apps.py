from importlib import import_module

from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "carevillage.access"
    label = "access"

    def ready(self) -> None:
        # Registers the handlers. Not `from . import handlers`: the package's lazy
        # `__getattr__` answers that name with `policy.handlers` (the registry listing),
        # so the submodule would never be imported.
        import_module(f"{self.name}.handlers")
