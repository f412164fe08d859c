import pytest
from django.test import Client


@pytest.fixture
def api():
    """A client that asks for English, so reasons in 400s read as their msgids
    whatever the Dutch catalogue holds."""
    return Client(headers={"accept-language": "en"})
