from django.urls import path

from herningmodel.coordination import actions, movement_views, prototype_views, views

app_name = "coordination"

urlpatterns = [
    path("", views.my_coordinations, name="list"),
    path("start/", actions.start, name="start"),
    path("movement/", movement_views.movement_across_families, name="movement"),
    path("prototypes/", prototype_views.prototype_list, name="prototypes"),
    path("prototypes/new/", prototype_views.prototype_new, name="prototype_new"),
    path("prototypes/<int:prototype_id>/", prototype_views.prototype_detail, name="prototype"),
    path("<int:coordination_id>/", views.coordination_detail, name="detail"),
    path("<int:coordination_id>/<slug:action>/", actions.coordination_action, name="action"),
    path(
        "<int:coordination_id>/<slug:action>/<int:obj_id>/",
        actions.coordination_action,
        name="action_on",
    ),
]
