"""Pure tree helpers: loops, tree order and the nested-set numbers used for bulk loads."""

from structures.tree import find_cycle, nest, nested_set_numbers, tree_order


def test_find_cycle_returns_none_for_a_forest():
    assert find_cycle({"a": None, "b": "a", "c": "b", "d": None}) is None


def test_find_cycle_names_the_loop():
    assert find_cycle({"a": None, "b": "c", "c": "d", "d": "b"}) in (
        ["b", "c", "d", "b"],
        ["c", "d", "b", "c"],
        ["d", "b", "c", "d"],
    )


def test_find_cycle_sees_a_unit_that_is_its_own_parent():
    assert find_cycle({"a": "a"}) == ["a", "a"]


def test_tree_order_puts_parents_before_children_and_keeps_sibling_order():
    rows = [("c", "a"), ("a", None), ("b", "a"), ("d", "c"), ("e", None)]
    assert tree_order(rows) == ["a", "c", "d", "b", "e"]


def test_nested_set_numbers_match_a_depth_first_walk():
    numbers = nested_set_numbers([("a", None), ("b", "a"), ("c", "b"), ("d", "a"), ("e", None)])
    assert {k: (n.tree, n.left, n.right, n.level) for k, n in numbers.items()} == {
        "a": (0, 1, 8, 0),
        "b": (0, 2, 5, 1),
        "c": (0, 3, 4, 2),
        "d": (0, 6, 7, 1),
        "e": (1, 1, 2, 0),
    }


def test_nested_set_numbers_handle_a_deep_chain_without_recursion():
    rows = [("n0", None)] + [(f"n{i}", f"n{i - 1}") for i in range(1, 5000)]
    numbers = nested_set_numbers(rows)
    assert numbers["n4999"].level == 4999
    assert numbers["n0"].right == 10000


def test_nest_builds_children_lists_from_rows_in_tree_order():
    tops = nest([{"key": "a", "parent": None}, {"key": "b", "parent": "a"}, {"key": "c", "parent": None}])
    assert [t["key"] for t in tops] == ["a", "c"]
    assert [c["key"] for c in tops[0]["children"]] == ["b"]
