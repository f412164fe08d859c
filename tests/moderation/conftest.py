"""Fixtures: tests/owners/helpers.py."""

from tests.owners.helpers import *  # noqa: F403
