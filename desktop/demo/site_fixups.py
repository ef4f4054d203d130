"""Demo records of the sites, honours, organisation and volunteers that hang together: a 母婴室
not yet built has no facilities, a 巾帼文明岗 is a collective with most of its staff women,
each village's federation has a chair and 执委, a volunteer's services add up."""

from __future__ import annotations

import random
from datetime import date, timedelta

from desktop.demo.register_fixups import END, START, day
from desktop.demo.township import male_name, mobile, person_name
from desktop.forms.definition import Values
from desktop.store.registers import Children

BASICS = ("门锁或遮挡", "婴儿护理台", "座椅", "洗手设施", "电源插座", "防滑地面", "垃圾桶")
SIX_HAVES = ("有场所", "有牌子", "有制度", "有队伍", "有活动", "有经费")
SERVICES = (
    "反家暴宣传",
    "关爱留守儿童",
    "家庭教育讲座",
    "邻里纠纷调解",
    "两癌筛查引导",
    "敬老助残",
)


def fix_nursing_room(rng: random.Random, v: Values, children: Children) -> None:
    v["required"] = rng.random() < 0.6
    v["status"] = rng.choices(("已建成", "在建", "未建", "停用"), weights=(75, 8, 12, 5))[0]
    if v["status"] == "未建":
        v["required"] = True  # a place without a room is listed because it should have one
        for name in ("completed_on", "area", "basics", "facilities", "open_hours", "signage"):
            v[name] = None
        v["independent"] = None
        return
    v["completed_on"] = day(rng).isoformat()
    independent = bool(v["required"]) or rng.random() < 0.4
    v["independent"] = "独立设置" if independent else "非独立设置"
    v["area"] = float(rng.randint(10, 25) if independent else rng.randint(4, 9))
    missing = rng.choice((0, 0, 0, 1, 2))
    v["basics"] = tuple(BASICS[: len(BASICS) - missing])
    v["open_hours"] = rng.choice(("8:00-20:00", "9:00-21:00", "与场所营业时间一致"))
    v["signage"] = rng.random() < 0.9


def fix_model_post(rng: random.Random, v: Values, children: Children) -> None:
    year = rng.randint(START.year, END.year)
    v["year"] = year
    v["named_on"] = date(year, 3, rng.randint(1, 8)).isoformat()
    v["named_by"] = {"乡镇级": "青山镇妇联", "县级": "青山县妇联", "市级": "市妇联"}.get(
        str(v["level"]), "省妇联"
    )
    v["doc_no"] = f"青妇〔{year}〕{rng.randint(3, 40)}号"
    v["review_year"] = year + 2 if year + 2 <= END.year else None
    collective = v["holder"] == "集体"
    v["members"] = rng.randint(6, 40) if collective else None
    v["women_share"] = float(rng.randint(55, 95)) if collective else None
    v["post_leader"] = person_name(rng) if collective else None


def fix_training(rng: random.Random, v: Values, children: Children) -> None:
    """Hours follow days (6 a day; half a day is 3), never hundreds; women among them."""
    days = rng.choice((0.5, 1.0, 1.0, 2.0, 3.0))
    v["days"], v["hours"] = days, days * 6
    v["participants"] = rng.randint(15, 80)
    v["women"] = int(v["participants"]) - rng.randint(0, 8)  # type: ignore[call-overload]
    v["employed_after"] = rng.randint(0, int(v["participants"]) // 4)  # type: ignore[call-overload]
    v["cost"] = float(rng.randrange(0, 40) * 100)


def fix_activity(rng: random.Random, v: Values, children: Children) -> None:
    v["participants"] = rng.randint(30, 400)
    v["reached"] = int(v["participants"]) * rng.randint(2, 10)  # type: ignore[call-overload]
    v["materials"] = rng.randint(50, 800)


def fix_supervision(rng: random.Random, v: Values, children: Children) -> None:
    inspected = day(rng)
    v["inspected_on"] = inspected.isoformat()
    v["deadline"] = (inspected + timedelta(days=30)).isoformat()
    done = (END - inspected).days > 40 or rng.random() < 0.3
    v["rectified"] = done
    rectified = inspected + timedelta(days=rng.randint(5, 30))
    v["rectified_on"] = rectified.isoformat() if done else None
    v["rectification"] = v["rectification"] if done else None
    rechecked = rectified + timedelta(days=rng.randint(3, 20))
    if done and rechecked <= END:
        v["rechecked_on"], v["recheck"] = rechecked.isoformat(), "整改到位"
    else:
        v["rechecked_on"] = v["recheck"] = None


def fix_volunteer(rng: random.Random, v: Values, children: Children) -> None:
    v["sex"] = "男" if rng.random() < 0.15 else "女"
    v["name"] = male_name(rng) if v["sex"] == "男" else person_name(rng)
    joined = day(rng, START, END - timedelta(days=30))
    v["joined_on"] = joined.isoformat()
    services: list[Values] = []
    when = joined + timedelta(days=rng.randint(3, 40))
    while when <= END and len(services) < 6:
        hours = rng.choice((2.0, 2.0, 3.0, 4.0))
        services.append(
            {"date": when.isoformat(), "activity": rng.choice(SERVICES), "hours": hours}
        )
        when += timedelta(days=rng.randint(30, 120))
    children["services"] = services
    v["hours_before"] = float(rng.randrange(0, 40))  # 累计服务时长 adds the services


def home_site(rng: random.Random, v: Values, children: Children) -> None:
    """A village's 妇女儿童之家: most have all six 有, a star rating, a year's activities."""
    v["six_haves"] = SIX_HAVES if rng.random() < 0.8 else SIX_HAVES[:4]
    v["stars"] = rng.choice(("三星", "四星", "三星", "五星", "未评"))
    built = date(rng.randint(2016, 2023), rng.randint(1, 12), 1)
    v["built_on"] = built.isoformat()
    children["yearly"] = [
        {
            "year": year,
            "activities": rng.randint(8, 30),
            "served": rng.randint(200, 1500),
            "updated_on": date(year, 12, 20).isoformat() if year < END.year else None,
        }
        for year in range(max(built.year, START.year), END.year + 1)
    ]


def org_members(
    rng: random.Random, villages: dict[int, str], kinds: dict[int, str]
) -> list[tuple[Values, Children]]:
    """The township federation (主席, 2 副主席) and each village's (主席, 副主席, 3 执委)."""
    term_start = date(2023, 3, 8)

    def member(level: str, unit: int | None, post: str, full_time: bool = False) -> Values:
        return {
            "level": level,
            "unit": unit,
            "post": post,
            "name": person_name(rng),
            "phone": mobile(rng),
            "full_time": "专职" if full_time else "兼职",
            "in_committee": post == "主席" and level != "乡镇妇联" and rng.random() < 0.85,
            "other_post": "村委委员" if post == "主席" and level != "乡镇妇联" else None,
            "term_start": term_start.isoformat(),
            "term_end": date(2028, 3, 7).isoformat(),
            "left_on": None,
        }

    people = [member("乡镇妇联", None, "主席", True)]
    people += [member("乡镇妇联", None, "副主席") for _ in range(2)]
    for unit_id in villages:
        level = "社区妇联" if kinds.get(unit_id) == "community" else "村妇联"
        people.append(member(level, unit_id, "主席"))
        people.append(member(level, unit_id, "副主席"))
        people += [member(level, unit_id, "执委") for _ in range(3)]
    return [(p, {}) for p in people]
