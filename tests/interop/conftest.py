import pytest

from keychain import Keychain
from peers import start_sandbox


@pytest.fixture
def sandbox():
    process, url = start_sandbox()
    yield url
    process.terminate()
    process.wait()


@pytest.fixture
def keychain(tmp_path):
    chain = Keychain(tmp_path / "keychain")
    yield chain
    chain.close()
