from django.urls import path

from herningmodel.staircase import views

app_name = "staircase"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("types/<slug:code>/", views.type_prices, name="type"),
    path("prices/new/", views.price_create, name="price_create"),
    path("budget/", views.budget, name="budget"),
]
