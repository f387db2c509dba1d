"""The compare page's pure modules, imported in real Chromium: relations.js (which changes touch a unit, what
it became, its name) and permalink.js's folds of each side-by-side chart."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from .conftest import module_page_with, run_module_code

pytestmark = pytest.mark.browser

# Two merges and an abolition: DPKO -> DPO, DPA -> DPPA, and DPKO + DPA -> DPPA; "ghost" names a unit the after
# side does not hold; "same" is on both sides and in no change.
COMPARE_DATA = """
  window.data = {
    sides: {
      before: { dpko: 'merged', dpa: 'merged', same: 'unchanged', gone: 'abolished' },
      after: { dpo: 'created', dppa: 'created', same: 'unchanged' },
    },
    changes: [
      { type: 'renamed', from: ['dpko'], to: ['dpo'] },
      { type: 'renamed', from: ['dpa'], to: ['dppa'] },
      { type: 'merged', from: ['dpko', 'dpa'], to: ['dppa', 'ghost'] },
      { type: 'abolished', from: ['gone'], to: [] },
    ],
    names: { before: { dpko: 'Department of Peacekeeping Operations' }, after: {} },
  };
"""


@pytest.fixture
def module_page(browser: Browser, live_server, transactional_db) -> Iterator[Page]:
    yield from module_page_with(browser, live_server.url, COMPARE_DATA)


run = run_module_code


def test_relations_finds_the_changes_naming_a_unit_on_its_own_side_in_page_order(module_page):
    result = run(
        module_page,
        """
        const r = await import('/static/viewer/relations.js');
        const types = (changes) => changes.map((c) => `${c.type}:${c.from.join('+')}>${c.to.join('+')}`);
        return {
          dpko: types(r.changesFor(data, 'before', 'dpko')),
          dppa: types(r.changesFor(data, 'after', 'dppa')),
          // A key matches only on its own side: DPKO is in changes' "from", never their "to".
          dpkoAsAfter: types(r.changesFor(data, 'after', 'dpko')),
          same: types(r.changesFor(data, 'before', 'same')),
        };
        """,
    )
    assert result == {
        "dpko": ["renamed:dpko>dpo", "merged:dpko+dpa>dppa+ghost"],
        "dppa": ["renamed:dpa>dppa", "merged:dpko+dpa>dppa+ghost"],
        "dpkoAsAfter": [],
        "same": [],
    }


def test_relations_gives_the_counterparts_on_the_other_side_itself_first_once_each(module_page):
    result = run(
        module_page,
        """
        const r = await import('/static/viewer/relations.js');
        return {
          dpko: r.counterpartsFor(data, 'before', 'dpko'),
          dppa: r.counterpartsFor(data, 'after', 'dppa'),
          same: r.counterpartsFor(data, 'before', 'same'),
          gone: r.counterpartsFor(data, 'before', 'gone'),
          other: r.OTHER_SIDE,
        };
        """,
    )
    # "ghost" is named by a change but not held by the after side, so it is no counterpart.
    assert result == {
        "dpko": ["dpo", "dppa"],
        "dppa": ["dpa", "dpko"],
        "same": ["same"],
        "gone": [],
        "other": {"before": "after", "after": "before"},
    }


def test_relations_names_a_unit_or_falls_back_to_its_key(module_page):
    result = run(
        module_page,
        """
        const r = await import('/static/viewer/relations.js');
        return [r.nameOf(data, 'before', 'dpko'), r.nameOf(data, 'before', 'dpa'), r.nameOf(data, 'after', 'dpo'),
                r.nameOf({ ...data, names: {} }, 'after', 'dpo')];
        """,
    )
    assert result == ["Department of Peacekeeping Operations", "dpa", "dpo", "dpo"]


def test_permalink_keeps_each_side_s_own_folds_beside_the_primary_chart_s(module_page):
    result = run(
        module_page,
        """
        const p = await import('/static/viewer/permalink.js');
        const branches = new Set(['a', 'b', 'c', 'd']);
        const before = new Set(['x', 'y', 'z']);
        const state = { expanded: new Set(['a', 'b', 'c']), branches,
                        sides: { before: { expanded: new Set(['x']), branches: before },
                                 after: { expanded: new Set(['a', 'b', 'c', 'd']), branches } } };
        const hash = p.writeState(state);
        const back = p.readState('#' + hash, branches, { before, after: branches });
        const sorted = (set) => [...set].sort();
        // Without the sides' branch keys a "c" list cannot be read back, and is left out.
        const blind = p.readState('#bc=x');
        return { hash, expanded: sorted(back.expanded), before: sorted(back.sides.before.expanded),
                 after: sorted(back.sides.after.expanded), blind: blind.sides || null,
                 old: p.readState('#c=d', branches).sides || null };
        """,
    )
    # The before chart has one of three open: the open list is shorter. The after chart is all open: an empty
    # collapsed list, so that it does not take the primary chart's folds.
    assert result["hash"] == "c=d&be=x&ac="
    assert result["expanded"] == ["a", "b", "c"]
    assert result["before"] == ["x"]
    assert result["after"] == ["a", "b", "c", "d"]
    assert result["blind"] is None
    assert result["old"] is None
