import pytest

from peers import start_sandbox


@pytest.fixture
def sandbox():
    process, url = start_sandbox()
    yield url
    process.terminate()
    process.wait()
