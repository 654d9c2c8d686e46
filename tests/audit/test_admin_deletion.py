"""The admin's delete page says which rows hang on a team without naming a child: the
administrator has no access to any child."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_delete_page_of_a_team_lists_its_children_by_number_only(world, login):
    from django.contrib.auth.models import Permission

    # As the demo sets up its administrator: staff, with the organisation's permissions.
    world.administrator.is_staff = True
    world.administrator.save()
    world.administrator.user_permissions.set(
        Permission.objects.filter(content_type__app_label="organisation")
    )
    response = login(world.administrator).get(
        f"/admin/organisation/areateam/{world.team_a.pk}/delete/"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f"#{world.child_a.pk}" in page
    assert world.child_a.first_name not in page
    assert world.child_a.last_name not in page
