"""Permission-checked lookups: the only way views and the API fetch a person's data.

"Missing" and "not permitted" both raise Http404, so that the existence of a child in another
team does not leak.
"""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet, Value
from django.http import Http404

from herningmodel.access.policy import (
    Perm,
    Scope,
    User,
    has_perm,
    scope_of,
    team_filter,
    team_ids_query,
)
from herningmodel.cases.models import Case
from herningmodel.people.models import Child


def children_for_user(user: User, *, write: bool = False) -> QuerySet[Child]:
    perm = Perm.CHANGE_CHILD if write else Perm.VIEW_CHILD
    scope = team_filter(user)
    if scope is None or not has_perm(user, perm):
        return Child.objects.none()
    return Child.objects.filter(scope)


def get_child_for_user(user: User, child_id: int, *, write: bool = False) -> Child:
    child = (
        children_for_user(user, write=write)
        .select_related("district", "area_team", "household")
        .filter(pk=child_id)
        .first()
    )
    if child is None:
        raise Http404("No such child.")
    return child


def cases_for_user(user: User, *, write: bool = False) -> QuerySet[Case]:
    """Cases follow the same team scope as the children they belong to."""
    perm = Perm.CHANGE_CHILD if write else Perm.VIEW_CHILD
    scope = team_filter(user)
    if scope is None or not has_perm(user, perm):
        return Case.objects.none()
    return Case.objects.filter(scope)


def with_reach(cases: QuerySet[Case], user: User) -> QuerySet[Case]:
    """Annotate ``reachable``: whether the user may open each case. A page listing cases the
    user may not open (a child's earlier cases in another team) shows them without a link,
    so no link leads to a refusal."""
    scope = scope_of(user)
    if scope is Scope.NONE or not has_perm(user, Perm.VIEW_CHILD):
        reach: Any = Value(False)
    elif scope is Scope.ALL:
        reach = Value(True)
    else:
        # The teams as a subquery: the page has read them once already.
        in_teams = Q(area_team__in=team_ids_query(user))
        reach = ExpressionWrapper(in_teams, output_field=BooleanField())
    return cases.annotate(reachable=reach)


def get_case_for_user(user: User, case_id: int, *, write: bool = False) -> Case:
    case = (
        cases_for_user(user, write=write)
        .select_related("child", "area_team", "district", "caseworker")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404("No such case.")
    return case


def get_notification_for_user(user: User, notification_id: int, *, write: bool = False) -> Any:
    from herningmodel.cases.models import Notification

    notification = (
        Notification.objects.filter(child__in=children_for_user(user, write=write))
        .select_related("child", "case")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None:
        raise Http404("No such notification.")
    return notification
