"""The product's settings, with the bare insert endpoint of bench/bare.py added to its URLs."""

from visiespiegel.settings import *  # noqa: F403

ROOT_URLCONF = "bare_urls"
