"""Demo part: the township's profile and its responsibility units with liaisons."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from desktop.store import profile, units

if TYPE_CHECKING:
    from desktop.demo.spec import DemoSpec
    from desktop.store.database import Database

DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("镇妇联", "department"),
    ("镇卫生院", "medical"),
    ("中心学校", "school"),
    ("中心幼儿园", "school"),
    ("派出所", "department"),
    ("司法所", "department"),
    ("民政办", "department"),
    ("社保所", "department"),
    ("统计站", "department"),
    ("财政所", "department"),
    ("综治中心", "department"),
    ("文化站", "department"),
    ("农业农村办", "department"),
    ("团委", "department"),
    ("总工会", "department"),
    ("市场监管所", "department"),
    ("残联", "department"),
)
VILLAGES = (
    "东岗村",
    "西岭村",
    "南塘村",
    "北山村",
    "柳湾村",
    "桃源村",
    "石桥村",
    "杏花村",
    "青龙村",
    "白沙村",
    "枫林村",
    "梅溪村",
    "荷塘村",
    "竹园村",
    "凤鸣村",
    "马家村",
    "李庄村",
    "王营村",
    "赵集村",
    "新河村",
    "双塔村",
    "龙泉村",
    "高坪村",
    "黄土岭村",
    "大湾村",
    "小溪村",
    "金田村",
    "银杏村",
    "长乐村",
    "永安村",
    "太平村",
    "丰收村",
    "和平村",
    "红星村",
    "光明村",
    "胜利村",
)
COMMUNITIES = ("镇南社区", "镇北社区", "新城社区", "滨河社区", "阳光社区", "幸福社区")
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程"
)
GIVEN = (
    "秀英",
    "桂英",
    "丽娟",
    "海燕",
    "雪梅",
    "晓红",
    "玉兰",
    "春梅",
    "红霞",
    "文静",
    "丹丹",
    "婷婷",
    "慧敏",
    "美玲",
    "淑珍",
    "凤英",
    "莉",
    "敏",
    "静",
    "燕",
    "霞",
    "芳",
)
MOBILE_PREFIXES = (
    "138",
    "139",
    "137",
    "135",
    "150",
    "151",
    "152",
    "158",
    "159",
    "186",
    "187",
    "188",
    "133",
    "153",
    "180",
    "189",
    "177",
    "199",
)


#: men's given names: a male petitioner, a respondent, a boy (never a woman's name on a man)
MALE_GIVEN = (
    "建国",
    "志强",
    "建华",
    "伟",
    "强",
    "军",
    "海涛",
    "国平",
    "明辉",
    "子轩",
    "浩然",
    "宇航",
)


def person_name(rng: random.Random) -> str:
    """A woman's name (the registers are mostly about women)."""
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def male_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(MALE_GIVEN)


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + "".join(str(rng.randrange(10)) for _ in range(8))


def add_profile(db: Database, spec: DemoSpec, rng: random.Random) -> None:
    profile.save(
        db,
        profile.Profile(
            township="青山镇",
            federation="青山镇妇女联合会",
            committee="青山镇妇女儿童工作委员会",
            doc_prefix="青妇儿",
            committee_signatory="陈建国",
            federation_chair="李秀兰",
            clerk="王晓燕",
            address="青山镇人民政府大院2号楼203室",
            phone="0571-88001234",
            division_code="330199102000",
        ),
    )


def _address(name: str, kind: str) -> str:
    committees = {"village": "村民委员会", "community": "居民委员会"}
    if kind in committees:
        return f"青山镇{name}{committees[kind]}"
    return f"青山镇{name.removeprefix('镇')}"  # 镇卫生院 -> 青山镇卫生院


def add_units(db: Database, spec: DemoSpec, rng: random.Random) -> None:
    n_villages = spec.unit_count - len(DEPARTMENTS) - len(COMMUNITIES)
    chosen: list[tuple[str, str]] = list(DEPARTMENTS)
    chosen += [(name, "community") for name in COMMUNITIES]
    chosen += [(name, "village") for name in VILLAGES[:n_villages]]
    if spec.size == "large":
        extra = spec.unit_count - len(chosen)
        chosen += [(f"第{i + 1}居民小组", "other") for i in range(extra)]
    prefixes = {
        "medical": "D",
        "school": "D",
        "department": "D",
        "community": "S",
        "village": "C",
        "other": "Q",
    }
    counters: dict[str, int] = {}
    for order, (name, kind) in enumerate(chosen[: spec.unit_count], start=1):
        prefix = prefixes[kind]
        counters[prefix] = counters.get(prefix, 0) + 1
        units.add(
            db,
            units.Unit(
                code=f"{prefix}{counters[prefix]:02d}",
                name=name,
                kind=kind,
                liaison=person_name(rng),
                phone=mobile(rng),
                active=True,
                address=_address(name, kind),
                sort_order=order,
            ),
        )
