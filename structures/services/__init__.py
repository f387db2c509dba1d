"""Every write: keyword-only, typed, atomic, validated before it is saved.

One module per kind of thing written; callers use `services.<function>` from here.
"""

from structures.services.citations import check_citation, create_citation, delete_citation, update_citation
from structures.services.datasets import (
    UNIT_ATTRIBUTES,
    load_dataset,
    refresh_content_statistics,
    write_snapshot_content,
)
from structures.services.lines import create_line, delete_line, update_line
from structures.services.publishing import publish_snapshot, start_draft
from structures.services.reforms import (
    check_reform,
    check_reform_editable,
    check_succession,
    create_reform,
    create_succession,
    delete_reform,
    delete_succession,
    update_reform,
    update_succession,
)
from structures.services.units import (
    MOVE_POSITIONS,
    check_editable,
    check_move,
    check_unit_key,
    create_unit,
    delete_unit,
    move_unit,
    update_unit,
)

__all__ = [
    "MOVE_POSITIONS",
    "UNIT_ATTRIBUTES",
    "check_citation",
    "check_editable",
    "check_move",
    "check_reform",
    "check_reform_editable",
    "check_succession",
    "check_unit_key",
    "create_citation",
    "create_line",
    "create_reform",
    "create_succession",
    "create_unit",
    "delete_citation",
    "delete_line",
    "delete_reform",
    "delete_succession",
    "delete_unit",
    "load_dataset",
    "move_unit",
    "publish_snapshot",
    "refresh_content_statistics",
    "start_draft",
    "update_citation",
    "update_line",
    "update_reform",
    "update_succession",
    "update_unit",
    "write_snapshot_content",
]
