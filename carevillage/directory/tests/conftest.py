from __future__ import annotations

import pytest

from carevillage.tenants.models import Role
from carevillage.testing.factories import make_organization, make_staff


@pytest.fixture
def importer():
    """An editor: the Editors group holds the directory permissions."""
    return make_staff("editor.iida", make_organization("Iida district"), role=Role.EDITOR)
