import importlib
import sys

from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "carevillage.access"
    label = "access"

    def ready(self) -> None:
        importlib.import_module(f"{self.name}.handlers")  # registers the handlers
        # Importing the subpackage made `access.handlers` the module; the public name is
        # the registry function (`access.handlers()`), served by the package's __getattr__.
        # The subpackage stays importable by its full name.
        sys.modules[self.name].__dict__.pop("handlers", None)
