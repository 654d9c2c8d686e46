"""The pages of family coordination are reads of the family's children, the form pages too."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.audit.reads import last_seq, reads_since

pytestmark = pytest.mark.django_db


def _reads_since(seq: int) -> set[tuple[int | None, str]]:
    return set(reads_since(seq).values_list("child_id", "source"))


def test_the_list_of_families_reads_their_children(family, login):
    since = last_seq()
    response = login(family.coordinator).get(reverse("coordination:list"))
    assert response.status_code == 200
    assert "Familien Jensen" in response.content.decode()
    assert _reads_since(since) == {(family.world.child_a.pk, "page:coordination:list")}


def test_the_common_plan_form_reads_the_children(family, login):
    since = last_seq()
    response = login(family.coordinator).get(
        reverse("coordination:action", args=[family.coordination.pk, "plan"])
    )
    assert response.status_code == 200
    assert _reads_since(since) == {(family.world.child_a.pk, "page:coordination:action")}
