"""Unit pickers in the admin: a search offers the units of the snapshot the form is about, each named with it."""

from __future__ import annotations

import pytest

from structures import services
from structures.models import Reform, Snapshot, Succession, Unit

from .conftest import AFTER_2017, BEFORE_2017

AUTOCOMPLETE = "/admin/autocomplete/"


@pytest.fixture
def draft(dataset) -> Snapshot:
    return services.start_draft(
        source=Snapshot.objects.get(key=AFTER_2017), key="next-2030", label_en="Next", label_zh="下一次"
    )


def search(client, model_name: str, field_name: str, term: str = "eosg", **scope) -> list[str]:
    params = {"app_label": "structures", "model_name": model_name, "field_name": field_name, "term": term, **scope}
    response = client.get(AUTOCOMPLETE, params)
    assert response.status_code == 200, response.content
    return [result["text"] for result in response.json()["results"]]


def test_a_unit_search_names_the_snapshot_of_each_unit_it_offers(admin_client, draft):
    found = search(admin_client, "succession", "from_units")
    assert len(found) == len(set(found)) == Unit.objects.filter(key="eosg").count() > 2
    assert f"Executive Office of the Secretary-General [eosg] in {AFTER_2017}" in found
    assert "Executive Office of the Secretary-General [eosg] in next-2030" in found


def test_a_line_picker_offers_only_units_of_drafts_or_of_the_lines_snapshot(admin_client, draft):
    assert search(admin_client, "secondaryline", "from_unit") == [
        "Executive Office of the Secretary-General [eosg] in next-2030"
    ]
    assert search(admin_client, "secondaryline", "to_unit", snapshot=draft.pk) == [
        "Executive Office of the Secretary-General [eosg] in next-2030"
    ]


def test_a_succession_picker_offers_the_units_of_its_reforms_side(admin_client, draft):
    reform = Reform.objects.get(after=draft)
    assert search(admin_client, "succession", "from_units", reform=reform.pk) == [
        f"Executive Office of the Secretary-General [eosg] in {AFTER_2017}"
    ]
    assert search(admin_client, "succession", "to_units", reform=reform.pk) == [
        "Executive Office of the Secretary-General [eosg] in next-2030"
    ]
    assert BEFORE_2017 not in " ".join(search(admin_client, "succession", "to_units"))  # published: never an "after"


def test_the_forms_send_their_snapshot_or_reform_with_each_search(admin_client, draft):
    eosg, dpo = (Unit.objects.get(snapshot=draft, key=key) for key in ("eosg", "dpo"))
    line = services.create_line(snapshot=draft, from_unit=eosg, to_unit=dpo, type="serves")
    page = admin_client.get(f"/admin/structures/secondaryline/{line.pk}/change/").content.decode()
    assert f'data-ajax--url="{AUTOCOMPLETE}?snapshot={draft.pk}"' in page
    assert "Executive Office of the Secretary-General [eosg] in next-2030" in page  # the chosen unit, named alike
    succession = Succession.objects.filter(reform__after=draft).first()
    page = admin_client.get(f"/admin/structures/succession/{succession.pk}/change/").content.decode()
    assert f'data-ajax--url="{AUTOCOMPLETE}?reform={succession.reform_id}"' in page
