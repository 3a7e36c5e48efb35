from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "radhus.demo"
    label = "demo"
    verbose_name = "Demo"
