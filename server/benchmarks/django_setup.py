"""Imported first by the benchmarks that run the desk in-process: Django set up with the
desk's settings, as ``manage.py`` would, before any model is imported."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
