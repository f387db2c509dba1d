"""URLs: pages under a language prefix (/en/, /zh-hans/), the API and admin without one."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from structures import api, api_drafts, api_drafts_citations, embed, views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/organizations/", api.OrganizationListView.as_view(), name="api-organizations"),
    path("api/organizations/<slug:key>/", api.OrganizationDetailView.as_view(), name="api-organization"),
    path("api/documents/", api.DocumentListView.as_view(), name="api-documents"),
    path("api/documents/<path:symbol>/", api.DocumentDetailView.as_view(), name="api-document"),
    path("api/reforms/", api_drafts.ReformsView.as_view(), name="api-reforms"),  # GET as api.ReformListView
    path("api/reforms/<slug:key>/", api.ReformDetailView.as_view(), name="api-reform"),
    path("api/snapshots/", api.SnapshotListView.as_view(), name="api-snapshots"),
    path("api/snapshots/<slug:key>/", api.SnapshotDetailView.as_view(), name="api-snapshot"),
    path("api/snapshots/<slug:key>/tree/", api.SnapshotTreeView.as_view(), name="api-snapshot-tree"),
    path("api/snapshots/<slug:key>/tree.csv", api.SnapshotTreeCSVView.as_view(), name="api-snapshot-tree-csv"),
    path("api/snapshots/<slug:key>/tree.jsonld", api.SnapshotTreeJSONLDView.as_view(), name="api-snapshot-tree-jsonld"),
    # Writes to drafts (structures/api_drafts.py): paths of their own, so every GET above answers as before.
    path("api/snapshots/<slug:key>/units/", api_drafts.UnitsView.as_view(), name="api-snapshot-units"),
    path("api/snapshots/<slug:key>/units/<slug:unit_key>/", api_drafts.UnitView.as_view(), name="api-snapshot-unit"),
    path(
        "api/snapshots/<slug:key>/units/<slug:unit_key>/citations/",
        api_drafts_citations.UnitCitationsView.as_view(),
        name="api-snapshot-unit-citations",
    ),
    path(
        "api/snapshots/<slug:key>/units/<slug:unit_key>/citations/<int:citation_id>/",
        api_drafts_citations.UnitCitationView.as_view(),
        name="api-snapshot-unit-citation",
    ),
    path("api/snapshots/<slug:key>/lines/", api_drafts.LinesView.as_view(), name="api-snapshot-lines"),
    path("api/snapshots/<slug:key>/lines/<int:line_id>/", api_drafts.LineView.as_view(), name="api-snapshot-line"),
    path(
        "api/snapshots/<slug:key>/lines/<int:line_id>/citations/",
        api_drafts_citations.LineCitationsView.as_view(),
        name="api-snapshot-line-citations",
    ),
    path(
        "api/snapshots/<slug:key>/lines/<int:line_id>/citations/<int:citation_id>/",
        api_drafts_citations.LineCitationView.as_view(),
        name="api-snapshot-line-citation",
    ),
    path("api/snapshots/<slug:key>/drafts/", api_drafts.DraftsView.as_view(), name="api-snapshot-drafts"),
    path("api/snapshots/<slug:key>/publish/", api_drafts.PublishView.as_view(), name="api-snapshot-publish"),
    path("api/reforms/<slug:key>/successions/", api_drafts.SuccessionsView.as_view(), name="api-reform-successions"),
    path(
        "api/reforms/<slug:key>/successions/<int:succession_id>/",
        api_drafts.SuccessionView.as_view(),
        name="api-reform-succession",
    ),
    path("api/compare/", api.CompareView.as_view(), name="api-compare"),
    path("api/compare.jsonld", api.CompareJSONLDView.as_view(), name="api-compare-jsonld"),
    path("api/units/<slug:key>/lineage/", api.UnitLineageView.as_view(), name="api-unit-lineage"),
    path("api/search/", api.SearchView.as_view(), name="api-search"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
    re_path(r"^api/(?P<rest>[\s\S]*)$", api.not_found, name="api-not-found"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("snapshots/<slug:key>/", views.snapshot_chart, name="snapshot"),
    path("compare/", views.compare, name="compare"),
    path("units/<slug:key>/", views.unit_lineage, name="unit-lineage"),
    path("search/", views.search, name="search"),
    path("report/", views.report, name="dataset-report"),
    path("embed/snapshots/<slug:key>/", embed.snapshot_chart, name="embed-snapshot"),
    path("embed/compare/", embed.compare, name="embed-compare"),
    path("timeline/<slug:key>/", views.timeline, name="timeline"),
)
