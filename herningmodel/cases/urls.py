from django.urls import path

from herningmodel.cases import actions, oversight_views, views

app_name = "cases"

urlpatterns = [
    path("", views.my_work, name="my_work"),
    path("team/", views.team_overview, name="team"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/measure/<slug:code>/", actions.measure, name="measure"),
    path("<int:case_id>/<slug:action>/", actions.case_action, name="action"),
    path("<int:case_id>/<slug:action>/<int:obj_id>/", actions.case_action, name="action_on"),
    path("children/<int:child_id>/notify/", actions.notification_new, name="notify"),
    path(
        "notifications/<int:notification_id>/<slug:action>/",
        actions.notification_action,
        name="notification",
    ),
    path("supervision/", oversight_views.supervision_list, name="supervision"),
    path(
        "supervision/<int:supervision_id>/",
        oversight_views.supervision_detail,
        name="supervision_detail",
    ),
    path("handbook/", oversight_views.handbook, name="handbook"),
]
