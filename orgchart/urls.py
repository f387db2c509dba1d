"""URLs: pages under a language prefix (/en/, /zh-hans/), the API and admin without one."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from structures import api, views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/snapshots/", api.SnapshotListView.as_view(), name="api-snapshots"),
    path("api/snapshots/<slug:key>/", api.SnapshotDetailView.as_view(), name="api-snapshot"),
    path("api/snapshots/<slug:key>/tree/", api.SnapshotTreeView.as_view(), name="api-snapshot-tree"),
    path("api/compare/", api.CompareView.as_view(), name="api-compare"),
    path("api/units/<slug:key>/lineage/", api.UnitLineageView.as_view(), name="api-unit-lineage"),
    path("api/search/", api.SearchView.as_view(), name="api-search"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("snapshots/<slug:key>/", views.snapshot_chart, name="snapshot"),
    path("compare/", views.compare, name="compare"),
    path("units/<slug:key>/", views.unit_lineage, name="unit-lineage"),
    path("search/", views.search, name="search"),
    path("report/", views.report, name="dataset-report"),
)
