import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from sop_workflow.roles import KABAG, KASUBAG, PENULIS, WEB_ADMIN


@pytest.fixture
def sop(listings):
    """Roles, workflows and type assignments, as `manage.py setup_sop` leaves them."""
    call_command("setup_sop", stdout=io.StringIO())
    return listings


def make_user(username, group_name, **extra):
    user = get_user_model().objects.create_user(
        username, f"{username}@kpu-banten.example", "pw", first_name=username.capitalize(), **extra
    )
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def users(sop):
    return {
        "penulis": make_user("penulis", PENULIS),
        "penulis2": make_user("penulis2", PENULIS),
        "kasubag": make_user("kasubag", KASUBAG),
        "kasubag2": make_user("kasubag2", KASUBAG),
        "kabag": make_user("kabag", KABAG),
        "webadmin": make_user("webadmin", WEB_ADMIN),
        "webadmin2": make_user("webadmin2", WEB_ADMIN),
    }
