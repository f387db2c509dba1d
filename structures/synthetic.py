"""Pure: seeded synthetic organizations and reform chains, written as dataset TOML for `make bench`.

Nothing here is real: every file names itself synthetic, cites a synthetic document ("SYN/1000") and is
never placed in dataset/. The same size and seed give the same text, byte for byte.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass, field, replace

MAX_FAN_OUT = 30
MIN_LEVELS, MAX_LEVELS = 6, 9

TOPICS = [
    ("Political Affairs", "政治事务"), ("Peacekeeping", "维持和平"), ("Safety and Security", "安全和安保"),
    ("Field Support", "外勤支助"), ("Logistics", "后勤"), ("Human Resources", "人力资源"), ("Finance", "财务"),
    ("Budget", "预算"), ("Information and Communications Technology", "信息和通信技术"),
    ("Legal Affairs", "法律事务"), ("Humanitarian Affairs", "人道主义事务"), ("Disarmament", "裁军"),
    ("Electoral Assistance", "选举援助"), ("Peacebuilding", "建设和平"), ("Mediation", "调解"),
    ("Policy", "政策"), ("Evaluation", "评价"), ("Training", "培训"), ("Procurement", "采购"),
    ("Public Information", "新闻"), ("Rule of Law", "法治"), ("Human Rights", "人权"),
    ("Gender Affairs", "性别事务"), ("Military Affairs", "军事事务"), ("Police", "警务"),
    ("Mine Action", "排雷行动"), ("Conduct and Discipline", "行为和纪律"), ("Operational Support", "业务支助"),
    ("Strategic Planning", "战略规划"), ("Partnerships", "伙伴关系"), ("Internal Oversight", "内部监督"),
    ("Economic Affairs", "经济事务"), ("Social Development", "社会发展"), ("Statistics", "统计"),
    ("Conference Management", "会议管理"), ("Facilities", "设施"), ("Medical Services", "医务"),
    ("Audit", "审计"), ("Communications", "传播"), ("Knowledge Management", "知识管理"),
]  # fmt: skip
REGIONS = [
    ("Africa", "非洲"), ("Asia and the Pacific", "亚洲及太平洋"), ("Europe", "欧洲"),
    ("Latin America and the Caribbean", "拉丁美洲和加勒比"), ("Middle East", "中东"), ("Central Asia", "中亚"),
    ("West Africa", "西非"), ("East Africa", "东非"), ("Southern Africa", "南部非洲"), ("Americas", "美洲"),
]  # fmt: skip
# Per level below the top: (kind, English pattern, Chinese suffix, grade of the head).
LEVEL_KINDS = [
    ("principal", "{} Executive Office", "执行办公室", "SG"),
    ("department", "Department of {}", "部", "USG"),
    ("office", "Office of {}", "厅", "ASG"),
    ("division", "{} Division", "司", "D-2"),
    ("service", "{} Service", "处", "D-1"),
    ("section", "{} Section", "科", "P-5"),
    ("unit", "{} Unit", "股", "P-4"),
    ("team", "{} Team", "组", "P-3"),
    ("team", "{} Cell", "小组", "P-2"),
]
SUCCESSION_MIX = [("renamed", 30), ("moved", 25), ("created", 15), ("abolished", 10), ("merged", 10), ("split", 10)]


@dataclass(frozen=True)
class SyntheticUnit:
    key: str
    parent: str | None
    level: int
    name_en: str
    name_zh: str
    kind: str
    cite: str
    grade: str = ""
    head_en: str = ""
    head_zh: str = ""
    posts: int | None = None


@dataclass
class SyntheticSuccession:
    type: str
    from_keys: list[str]
    to_keys: list[str]
    summary_en: str
    summary_zh: str


@dataclass
class SyntheticDataset:
    size: int
    seed: int
    snapshots: list[list[SyntheticUnit]]  # each in tree order, parents first
    reforms: list[list[SyntheticSuccession]]  # reforms[i] leads from snapshots[i] to snapshots[i + 1]
    lines: list[list[tuple[str, str]]] = field(default_factory=list)  # also_reports_to, per snapshot


def symbol(size: int) -> str:
    return f"SYN/{size}"


def _capacity(levels_below: int) -> int:
    """Return the most descendants a unit with `levels_below` levels under it can hold."""
    return sum(MAX_FAN_OUT**i for i in range(1, levels_below + 1))


def _split(rng: random.Random, budget: int, parts: int, cap: int) -> list[int]:
    """Share `budget` descendants among `parts` siblings, unevenly (lognormal), none above `cap`."""
    weights = [rng.lognormvariate(0, 1.1) for _ in range(parts)]
    total = sum(weights)
    shares = [min(cap, int(budget * w / total)) for w in weights]
    left = budget - sum(shares)
    order = sorted(range(parts), key=lambda i: -weights[i])
    while left > 0:
        for i in order:
            if left and shares[i] < cap:
                shares[i] += 1
                left -= 1
    return shares


class _Namer:
    """Name units from topics and regions, in English and Chinese, as a secretariat would."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def name(self, level: int, topic: tuple[str, str] | None = None) -> tuple[str, str, str, str, str, str]:
        kind, pattern, suffix, grade = LEVEL_KINDS[min(level, len(LEVEL_KINDS) - 1)]
        topic_en, topic_zh = topic or self.rng.choice(TOPICS)
        if level >= 3 and self.rng.random() < 0.35:
            region_en, region_zh = self.rng.choice(REGIONS)
            topic_en, topic_zh = f"{region_en} {topic_en}", f"{region_zh}{topic_zh}"
        head_en = head_zh = ""
        if level in (1, 2):
            head_en = f"{'Under' if level == 1 else 'Assistant'}-Secretary-General for {topic_en}"
            head_zh = f"主管{topic_zh}{'副' if level == 1 else '助理'}秘书长"
        return kind, pattern.format(topic_en), f"{topic_zh}{suffix}", grade, head_en, head_zh


def generate_units(*, size: int, seed: int) -> list[SyntheticUnit]:
    """Return `size` units in tree order: one top, departments of very unequal size, 6 to 9 levels deep."""
    rng = random.Random(seed)
    namer = _Namer(rng)
    max_level = rng.randint(MIN_LEVELS, MAX_LEVELS) - 1
    departments = min(MAX_FAN_OUT, max(4, round(size ** (1 / 3))), size - 1)
    units: list[SyntheticUnit] = []
    counter = iter(range(1, size + 1))

    def add(parent: str | None, level: int, budget: int, cite: str, children: int | None = None) -> None:
        key = f"u{next(counter):06d}"
        kind, name_en, name_zh, grade, head_en, head_zh = namer.name(level)
        if level == 0:
            name_en, name_zh = "Synthetic Secretariat (generated, not a real organization)", "合成秘书处（生成数据）"
        posts = rng.randint(2, 60) if level >= 4 and rng.random() < 0.5 else None
        units.append(SyntheticUnit(key, parent, level, name_en, name_zh, kind, cite, grade, head_en, head_zh, posts))
        if budget == 0:
            return
        below = max_level - level - 1  # levels under each child
        needed = math.ceil(budget / (1 + _capacity(below)))
        if children is None:
            # Roughly budget^(1/levels left) children, jittered, so the largest branches reach the bottom.
            children = round(budget ** (1 / (max_level - level)) * rng.lognormvariate(0, 0.5))
        children = max(needed, min(children, MAX_FAN_OUT, budget), 1)
        for index, share in enumerate(_split(rng, budget - children, children, _capacity(below))):
            add(key, level + 1, share, str(index + 2) if level == 0 else cite)

    add(None, 0, size - 1, "1", children=departments)
    return units


class _Tree:
    """A mutable snapshot for one reform step: units by key and each parent's ordered children."""

    def __init__(self, units: list[SyntheticUnit]) -> None:
        self.units = {u.key: u for u in units}
        self.children: dict[str | None, list[str]] = {}
        for unit in units:
            self.children.setdefault(unit.parent, []).append(unit.key)

    def ordered(self) -> list[SyntheticUnit]:
        result: list[SyntheticUnit] = []
        stack = list(reversed(self.children.get(None, [])))
        while stack:
            key = stack.pop()
            result.append(self.units[key])
            stack.extend(reversed(self.children.get(key, [])))
        return result

    def place(self, unit: SyntheticUnit, parent: str | None, index: int | None = None) -> None:
        self.units[unit.key] = replace(unit, parent=parent)
        siblings = self.children.setdefault(parent, [])
        siblings.insert(len(siblings) if index is None else index, unit.key)

    def detach(self, key: str) -> int:
        siblings = self.children[self.units[key].parent]
        index = siblings.index(key)
        siblings.pop(index)
        return index

    def reparent_children(self, old: str, new: str) -> None:
        for child in self.children.pop(old, []):
            self.place(self.units[child], new)

    def relevel(self, key: str, level: int) -> None:
        self.units[key] = replace(self.units[key], level=level)
        for child in self.children.get(key, []):
            self.relevel(child, level + 1)


def apply_reform(
    units: list[SyntheticUnit], *, rng: random.Random, share: float, next_key: int
) -> tuple[list[SyntheticUnit], list[SyntheticSuccession], int]:
    """Change about `share` of the units (renames, moves, merges, splits, creations, abolitions).

    Return the new snapshot in tree order, its successions and the next free key number.
    """
    tree = _Tree(units)
    namer = _Namer(rng)
    max_level = max(u.level for u in units)
    candidates = [u.key for u in units if u.level >= 2]
    touched: set[str] = set()
    successions: list[SyntheticSuccession] = []
    # Every kind in its share, spread evenly through the attempts (weighted round robin), so even a
    # small reform holds each kind of change.
    total = sum(weight for _name, weight in SUCCESSION_MIX)
    kinds = [name for _at, name in sorted(((j + 0.5) * total / w, n) for n, w in SUCCESSION_MIX for j in range(w))]

    def new_key() -> str:
        nonlocal next_key
        next_key += 1
        return f"u{next_key - 1:06d}"

    def fresh(key: str) -> bool:
        return key in tree.units and key not in touched

    def renamed_copy(unit: SyntheticUnit, key: str) -> SyntheticUnit:
        kind, name_en, name_zh, grade, _head_en, _head_zh = namer.name(unit.level)
        return replace(unit, key=key, name_en=name_en, name_zh=name_zh, kind=kind, grade=grade)

    wanted, attempts = max(6, round(len(units) * share)), 0
    while len(successions) < wanted and attempts < 50 * wanted:
        attempts += 1  # an attempt that would break the shape (fan-out, depth) is skipped
        kind = kinds[attempts % len(kinds)]
        key = rng.choice(candidates)
        if not fresh(key):
            continue
        unit = tree.units[key]
        parent = unit.parent
        siblings = tree.children.get(parent, [])
        if kind == "renamed":
            new = renamed_copy(unit, new_key())
            index = tree.detach(key)
            del tree.units[key]
            tree.place(new, parent, index)
            tree.reparent_children(key, new.key)
            successions.append(
                SyntheticSuccession(
                    "renamed",
                    [key],
                    [new.key],
                    f"{unit.name_en} renamed {new.name_en}.",
                    f"{unit.name_zh}更名为{new.name_zh}。",
                )
            )
            touched.update((key, new.key))
        elif kind == "moved":
            grandparent = tree.units[parent].parent
            cousins = [p for p in tree.children.get(grandparent, []) if p != parent]
            targets = [p for p in cousins if fresh(p) and len(tree.children.get(p, [])) < MAX_FAN_OUT]
            if not targets:
                continue
            target = rng.choice(targets)
            tree.detach(key)
            tree.place(unit, target)
            successions.append(
                SyntheticSuccession(
                    "moved",
                    [key],
                    [key],
                    f"{unit.name_en} moved under {tree.units[target].name_en}.",
                    f"{unit.name_zh}改隶{tree.units[target].name_zh}。",
                )
            )
            touched.add(key)
        elif kind == "created":
            if unit.level >= max_level or len(tree.children.get(key, [])) >= MAX_FAN_OUT:
                continue
            created = renamed_copy(replace(unit, level=unit.level + 1, posts=None), new_key())
            tree.place(replace(created, head_en="", head_zh=""), key)
            successions.append(
                SyntheticSuccession(
                    "created", [], [created.key], f"{created.name_en} created.", f"新设{created.name_zh}。"
                )
            )
            touched.add(created.key)
        elif kind == "abolished":
            if tree.children.get(key):
                continue  # only units without units under them are abolished outright
            tree.detach(key)
            del tree.units[key]
            successions.append(
                SyntheticSuccession("abolished", [key], [], f"{unit.name_en} abolished.", f"撤销{unit.name_zh}。")
            )
            touched.add(key)
        elif kind == "merged":
            others = [s for s in siblings if s != key and fresh(s)]
            if not others:
                continue
            other = rng.choice(others)
            grandchildren = tree.children.get(key, []) + tree.children.get(other, [])
            if len(grandchildren) > MAX_FAN_OUT:
                continue
            merged = renamed_copy(unit, new_key())
            index = tree.detach(key)
            tree.detach(other)
            tree.place(merged, parent, index)
            tree.reparent_children(key, merged.key)
            tree.reparent_children(other, merged.key)
            other_unit = tree.units.pop(other)
            del tree.units[key]
            successions.append(
                SyntheticSuccession(
                    "merged",
                    [key, other],
                    [merged.key],
                    f"{unit.name_en} and {other_unit.name_en} merged into {merged.name_en}.",
                    f"{unit.name_zh}与{other_unit.name_zh}合并为{merged.name_zh}。",
                )
            )
            touched.update((key, other, merged.key))
        elif kind == "split":
            if len(siblings) >= MAX_FAN_OUT:
                continue
            first, second = renamed_copy(unit, new_key()), renamed_copy(unit, new_key())
            index = tree.detach(key)
            tree.place(first, parent, index)
            tree.place(second, parent, index + 1)
            moving = tree.children.pop(key, [])
            half = len(moving) // 2
            for child in moving[:half]:
                tree.place(tree.units[child], first.key)
            for child in moving[half:]:
                tree.place(tree.units[child], second.key)
            del tree.units[key]
            successions.append(
                SyntheticSuccession(
                    "split",
                    [key],
                    [first.key, second.key],
                    f"{unit.name_en} split into {first.name_en} and {second.name_en}.",
                    f"{unit.name_zh}分为{first.name_zh}和{second.name_zh}。",
                )
            )
            touched.update((key, first.key, second.key))
    for top in tree.children.get(None, []):
        tree.relevel(top, 0)
    return tree.ordered(), successions, next_key


def generate_dataset(*, size: int, seed: int, snapshots: int = 2, share: float = 0.03) -> SyntheticDataset:
    """Return a chain of `snapshots` snapshots of about `size` units, each reform changing about `share` of them."""
    rng = random.Random(f"{seed}-reforms")
    chain = [generate_units(size=size, seed=seed)]
    reforms: list[list[SyntheticSuccession]] = []
    next_key = size + 1
    for _ in range(snapshots - 1):
        units, successions, next_key = apply_reform(chain[-1], rng=rng, share=share, next_key=next_key)
        chain.append(units)
        reforms.append(successions)
    # A few dual reporting lines, kept while both ends exist, as on the real charts.
    divisions = [u.key for u in chain[0] if u.level == 3]
    pairs = [(rng.choice(divisions), rng.choice(divisions)) for _ in range(max(1, size // 500))] if divisions else []
    pairs = list(dict.fromkeys((a, b) for a, b in pairs if a != b))
    lines = []
    for units in chain:
        present = {u.key for u in units}
        lines.append([(a, b) for a, b in pairs if a in present and b in present])
    return SyntheticDataset(size=size, seed=seed, snapshots=chain, reforms=reforms, lines=lines)


def snapshot_key(size: int, index: int) -> str:
    return f"synthetic-{size}-{index}"


def _s(text: str) -> str:
    """Return a TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def dataset_toml(dataset: SyntheticDataset) -> str:
    """Return the dataset as one dataset file in the shipped format (dataset/README.md)."""
    size, doc = dataset.size, symbol(dataset.size)
    out = [
        f"# SYNTHETIC benchmark data: `manage.py generate_dataset --size {size} --seed {dataset.seed}`.",
        "# Not a real organization or document; never place it in dataset/.",
        "",
        "[document]",
        f"symbol = {_s(doc)}",
        'symbol_source = "printed"',
        f"title_en = {_s(f'Synthetic organization of {size:,} units (generated for benchmarks, not a real document)')}",
        f"title_zh = {_s(f'合成组织，{size}个单位（为基准测试生成，并非真实文件）')}",
        'date = "2000-01-01"',
        'date_source = "printed"',
        "",
        "[organization]",
        f'key = "synthetic-{size}"',
        f"name_en = {_s(f'Synthetic organization ({size:,} units)')}",
        f"name_zh = {_s(f'合成组织（{size}个单位）')}",
    ]
    for index, units in enumerate(dataset.snapshots):
        out += [
            "",
            "[[snapshots]]",
            f'key = "{snapshot_key(size, index)}"',
            f"label_en = {_s(f'Synthetic organization, step {index}')}",
            f"label_zh = {_s(f'合成组织，第{index}步')}",
            f'date = "{2000 + index}-01-01"',
            f'stage = "{"existing" if index == 0 else "proposed"}"',
            'status = "published"',
            'completeness = "complete"',
            'cite = ["1"]',
        ]
        for unit in units:
            out += ["", "[[snapshots.units]]", f'key = "{unit.key}"']
            if unit.parent:
                out.append(f'parent = "{unit.parent}"')
            out += [f"name_en = {_s(unit.name_en)}", f"name_zh = {_s(unit.name_zh)}", f'kind = "{unit.kind}"']
            if unit.head_en:
                out += [f"head_en = {_s(unit.head_en)}", f"head_zh = {_s(unit.head_zh)}"]
            if unit.grade:
                out.append(f'grade = "{unit.grade}"')
            if unit.posts is not None:
                out.append(f"posts = {unit.posts}")
            out.append(f'cite = ["{unit.cite}"]')
        for source, target in dataset.lines[index]:
            out += ["", "[[snapshots.lines]]", f'from = "{source}"', f'to = "{target}"']
            out += ['type = "also_reports_to"', 'cite = ["1"]']
    for index, successions in enumerate(dataset.reforms, start=1):
        out += [
            "",
            "[[reforms]]",
            f'key = "synthetic-{size}-reform-{index}"',
            f"name_en = {_s(f'Synthetic reform {index}')}",
            f"name_zh = {_s(f'合成改革{index}')}",
            f'before = "{snapshot_key(size, index - 1)}"',
            f'after = "{snapshot_key(size, index)}"',
            f'cite = ["{100 + index}"]',
        ]
        for s in successions:
            out += ["", "[[reforms.successions]]", f'type = "{s.type}"']
            out += [f"from = {json.dumps(s.from_keys)}", f"to = {json.dumps(s.to_keys)}"]
            out += [f"summary_en = {_s(s.summary_en)}", f"summary_zh = {_s(s.summary_zh)}"]
            out.append(f'cite = ["{100 + index}"]')
    return "\n".join(out) + "\n"
