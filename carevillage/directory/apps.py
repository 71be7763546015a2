from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "carevillage.directory"
    label = "directory"
    verbose_name = "Directory"
