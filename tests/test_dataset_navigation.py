"""Every page of the real dataset opens, and every lineage link leads somewhere."""

from rest_framework.test import APIClient

from structures.models import Reform, Snapshot, Unit


def test_every_snapshot_chart_opens_in_both_languages(client, dataset):
    for key in Snapshot.objects.values_list("key", flat=True):
        for language in ("en", "zh-hans"):
            assert client.get(f"/{language}/snapshots/{key}/").status_code == 200, key


def test_every_reform_comparison_opens_and_every_unit_gets_a_status(client, dataset):
    api = APIClient()
    for before, after in Reform.objects.values_list("before__key", "after__key"):
        assert client.get(f"/en/compare/?before={before}&after={after}").status_code == 200
        body = api.get(f"/api/compare/?before={before}&after={after}").json()
        assert set(body["sides"]["before"]) == set(
            Unit.objects.filter(snapshot__key=before).values_list("key", flat=True)
        )
        assert set(body["sides"]["after"]) == set(
            Unit.objects.filter(snapshot__key=after).values_list("key", flat=True)
        )


def test_every_lineage_link_leads_to_a_unit_with_a_lineage(dataset):
    api = APIClient()
    keys = set(Unit.objects.values_list("key", flat=True))
    for key in keys:
        body = api.get(f"/api/units/{key}/lineage/").json()
        linked = {u["key"] for u in body["predecessors"] + body["successors"]}
        for event in body["events"]:
            linked |= {u["key"] for u in event["from"] + event["to"]}
        assert linked <= keys, key


def test_the_2004_security_structure_leads_to_the_department_of_safety_and_security(dataset):
    body = APIClient().get("/api/units/unsecoord/lineage/").json()
    assert "dss" in [u["key"] for u in body["successors"]]
    dss = APIClient().get("/api/units/dss/lineage/").json()
    assert [a["snapshot"]["key"] for a in dss["appearances"]][:2] == ["security-2006", "security-2007-proposed"]


def test_dfs_comes_from_the_2007_split_of_dpko(dataset):
    body = APIClient().get("/api/units/dfs/lineage/").json()
    assert "dpko" in [u["key"] for u in body["predecessors"]]
    appearances = [a["snapshot"]["key"] for a in body["appearances"]]
    assert appearances[0] == "secretariat-2007-proposed"
    assert "peacekeeping-2010" in appearances
