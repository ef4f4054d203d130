"""The registers as the federation keeps them (issue 15): the petition classification with its
家庭暴力 block (shown only for 家庭暴力, encrypted with a password), the dispute register and
its home-page reminder, 帮扶对象 with children's fields and 两癌救助, and a round-1 database's
old categories recoded on open."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from desktop.forms import reminders, statistics
from desktop.forms.definition import FormDef, Record, Sealed
from desktop.forms.fields import NO_UNITS, UnitChoices
from desktop.forms.loader import FormDefinitionError, load_file, parse_form
from desktop.forms.validation import check_record, shown
from desktop.operations import protection
from desktop.store.backup import BackupStore
from desktop.store.registers import RegisterStore
from desktop.store.session import Session
from tests.forms.helpers import add_units, bundled
from tests.helpers.vault import CHEAP

ROUND1 = Path(__file__).parent.parent / "fixtures" / "round1"
PASSWORD = "qingshan2026"

PETITION: dict[str, object] = {
    "received_on": "2026-03-02",
    "channel": "来访",
    "person_name": "韩梅梅",
    "category": "婚姻家庭",
    "sub_category": "家庭暴力",
    "content": "反映丈夫多次殴打。",
    "status": "received",
    "dv_types": ("身体", "精神"),
    "dv_police": True,
    "dv_warning": False,
    "dv_order": "已核发",
    "dv_minor": "目睹",
}


def petition() -> FormDef:
    return bundled().get("petition")


def test_the_petition_follows_the_federation_classification() -> None:
    form = petition()
    category = form.field("category").choice
    assert category is not None
    assert category.labels() == [
        "婚姻家庭",
        "人身权益",
        "财产权益",
        "劳动和社会保障",
        "政治权利",
        "文化教育",
        "综合",
    ]
    sub = form.field("sub_category").choice
    assert sub is not None
    family = [c.label for c in sub.options.choices if c.parent == "婚姻家庭"]
    assert family == ["家庭暴力", "离婚", "婚外情/重婚", "干涉婚姻自由", "家庭纠纷", "抚养", "赡养"]
    channel = form.field("channel").choice
    assert channel is not None
    assert {"排查发现", "领导接访"} <= set(channel.labels())
    measures = form.field("measures")
    assert measures.multiple
    assert "协助申请人身安全保护令" in measures.kind.format(
        measures.kind.parse("协助申请人身安全保护令、心理疏导")
    )
    assert form.field("people").kind.parse("6") == 6
    for field_id in ("person_name", "respondent", "relation", "content", "demand", "dv_types"):
        assert form.field(field_id).sensitive, field_id
    for field_id in ("category", "sub_category", "channel", "measures", "status", "people"):
        assert not form.field(field_id).sensitive, field_id


def test_the_violence_block_is_asked_for_only_under_domestic_violence() -> None:
    form = petition()
    block = [f for f in form.fields if f.show_when == ("sub_category", ("家庭暴力",))]
    assert {f.id for f in block} == {
        "dv_types",
        "dv_police",
        "dv_warning",
        "dv_order",
        "dv_shelter",
        "dv_minor",
        "dv_report",
    }
    assert all(f.sensitive for f in block)
    assert all(shown(f, PETITION) for f in block)
    assert check_record(form.fields, form.rules, PETITION) == {}
    divorce = {**PETITION, "sub_category": "离婚"}
    assert not any(shown(f, divorce) for f in block)
    errors = check_record(form.fields, form.rules, divorce)
    assert errors["dv_order"] == "只在具体问题为“家庭暴力”时填写"
    assert set(errors) == {"dv_types", "dv_police", "dv_warning", "dv_order", "dv_minor"}
    # 延期: its reason is asked for only when 延期 is 是, and then required
    assert not shown(form.field("extension_reason"), {"extended": "否"})
    late = {**PETITION, "extended": "是"}
    assert check_record(form.fields, form.rules, late) == {
        "extension_reason": "延期的信访件请写明延期原因"
    }


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        ('{ field = "nothing", values = ["x"] }', "fields[1].show_when", "选择题"),
        ('{ field = "kind", values = ["丙"] }', "fields[1].show_when", "不是“类别”的选项值"),
        ('{ field = "kind", values = [] }', "show_when", "需要列出"),
    ],
)
def test_a_wrong_show_when_names_its_key(change: str, path: str, message: str) -> None:
    text = """version = 1
id = "s"
title = "样例"

[[fields]]
id = "kind"
label = "类别"
type = "choice"
choices = ["甲", "乙"]

[[fields]]
id = "facts"
label = "情况"
type = "bool"
sensitive = true
show_when = CHANGE
"""
    with pytest.raises(FormDefinitionError) as raised:
        parse_form(text.replace("CHANGE", change), "s.toml")
    assert path in str(raised.value)
    assert message in str(raised.value)


def test_sensitive_case_facts_are_never_counted_or_filtered() -> None:
    text = (ROUND1 / "petition.toml").read_text(encoding="utf-8")
    text = text.replace(
        'id = "sex"\nlabel = "性别"\ntype = "choice"',
        'id = "sex"\nlabel = "性别"\ntype = "choice"\nsensitive = true',
    )
    text = text.replace('by = ["channel"', 'by = ["sex", "channel"')
    with pytest.raises(FormDefinitionError) as raised:
        parse_form(text, "petition.toml")
    assert "敏感字段不能用作筛选或统计" in str(raised.value)


def test_the_violence_facts_are_encrypted_on_disk(stick: Path, tmp_path: Path) -> None:
    backups = BackupStore(tmp_path / "backups")
    session = Session.create(stick / "镇妇联.fulian", backups, forms=bundled().forms)
    store = RegisterStore(session.db, petition(), session.protection.codec)
    record_id = store.add(dict(PETITION))
    protection.set_password(session, PASSWORD, cost=CHEAP)
    path = session.path
    session.close()
    conn = sqlite3.connect(path)
    try:
        row = conn.execute(
            'SELECT "dv_types", "dv_police", "dv_order", "dv_minor", "category", "sub_category" '
            "FROM reg_petition WHERE id = ?",
            (record_id,),
        ).fetchone()
    finally:
        conn.close()
    assert all(str(v).startswith("fx2:") for v in row[:4])
    assert "身体" not in repr(row[:4])
    assert "已核发" not in repr(row[:4])
    assert row[4:] == ("婚姻家庭", "家庭暴力")  # the classification stays countable
    reopened = Session.open(path, backups, forms=bundled().forms)
    try:
        locked = RegisterStore(reopened.db, petition(), reopened.protection.codec).get(record_id)
        assert isinstance(locked.values["dv_order"], Sealed)
        assert isinstance(locked.values["dv_types"], Sealed)
        reopened.protection.unlock(PASSWORD)
        values = RegisterStore(reopened.db, petition(), reopened.protection.codec).get(record_id)
        assert values.values["dv_types"] == ("身体", "精神")
        assert values.values["dv_police"] is True
        assert values.values["dv_warning"] is False
        assert values.values["dv_order"] == "已核发"
    finally:
        reopened.close()


def test_a_round1_database_gets_the_new_categories(stick: Path, tmp_path: Path) -> None:
    backups = BackupStore(tmp_path / "backups")
    old = [load_file(ROUND1 / f"{name}.toml") for name in ("petition", "assistance", "model_post")]
    assert old[0].version == 1
    session = Session.create(stick / "旧.fulian", backups, forms=old)
    villages = add_units(session.db)
    store = RegisterStore(session.db, old[0])
    cases = {
        ("婚姻家庭", "家庭暴力"): ("婚姻家庭", "家庭暴力"),
        ("婚姻家庭", "婚姻纠纷"): ("婚姻家庭", "家庭纠纷"),
        ("婚姻家庭", "抚养赡养"): ("婚姻家庭", "抚养"),
        ("婚姻家庭", "财产继承"): ("财产权益", "继承"),
        ("权益保障", "土地权益"): ("财产权益", "土地承包/征地补偿/集体收益分配"),
        ("权益保障", "劳动就业"): ("劳动和社会保障", None),
        ("权益保障", "儿童权益"): ("人身权益", None),
        ("其他", "咨询求助"): ("综合", "咨询"),
        ("其他", "其他问题"): ("综合", "其他"),
        ("权益保障", None): ("综合", "其他"),
    }
    ids = {}
    for old_pair in cases:
        ids[old_pair] = store.add(
            {
                "received_on": "2025-05-06",
                "channel": "来访",
                "person_name": "张秀英",
                "category": old_pair[0],
                "sub_category": old_pair[1],
                "content": "旧记录",
                "status": "received",
            }
        )
    helped = RegisterStore(session.db, old[1])
    ill = helped.add(
        {
            "category": "大病妇女",
            "person_name": "李桂兰",
            "village": villages["东岗村"],
            "risk_level": "low",
            "registered_on": "2025-01-02",
            "status": "active",
        }
    )
    posts = RegisterStore(session.db, old[2])
    post_ids = {
        kind: posts.add({"year": 2024, "kind": kind, "name": "窗口", "level": "县级"})
        for kind in ("巾帼文明岗", "三八红旗手")
    }
    protection.set_password(session, PASSWORD, cost=CHEAP)
    session.close()  # opened next without the password: the migration needs none
    reopened = Session.open(stick / "旧.fulian", backups, forms=bundled().forms)
    try:
        codec = reopened.protection.codec  # locked
        new = RegisterStore(reopened.db, petition(), codec)
        for old_pair, expected in cases.items():
            values = new.get(ids[old_pair]).values
            assert (values["category"], values["sub_category"]) == expected, old_pair
        assistance = RegisterStore(reopened.db, bundled().get("assistance"), codec).get(ill)
        assert assistance.values["category"] == ("两癌患病妇女",)
        honours = RegisterStore(reopened.db, bundled().get("model_post"), codec)
        holders = {kind: honours.get(i).values["holder"] for kind, i in post_ids.items()}
        assert holders == {"巾帼文明岗": "集体", "三八红旗手": "个人"}  # a new field, filled
        notes = [e.new for e in new.history(0)]
        assert any("“婚姻家庭/财产继承”改为“财产权益/继承”（1 条）" in str(n) for n in notes)
        assert any((tmp_path / "backups").rglob("*.fulian*")), "a backup before the migration"
    finally:
        reopened.close()


def test_red_disputes_not_resolved_are_on_the_home_page() -> None:
    form = bundled().get("dispute")
    assert form.kind == "flow"
    assert form.field("parties").sensitive
    records = [
        Record(1, {"risk": "red", "state": "in_progress", "dispute_type": "家庭暴力"}),
        Record(2, {"risk": "red", "state": "resolved", "parties": "王五与赵六"}),
        Record(3, {"risk": "yellow", "state": "pending", "parties": "孙七与周八"}),
    ]
    due = reminders.due(form, records, {}, NO_UNITS, date(2026, 12, 1))
    assert [(d.text, d.record_ids) for d in due] == [("红色风险婚姻家庭纠纷尚未化解", (1,))]
    assert due[0].names == ("家庭暴力",)  # named by its type: no party's name on the home page


def test_a_dispute_is_named_by_its_village_and_date_then_its_type() -> None:
    """A 纠纷类型 names a kind shared by many disputes: the home page names a dispute as the
    clerk knows it, by its village and screening date, never by its parties."""
    form = bundled().get("dispute")
    assert [f.id for f in reminders.name_fields(form)] == ["village", "screened_on", "dispute_type"]
    units = UnitChoices(names={7: "东岗村"}, kinds={7: "village"})
    values = {
        "village": 7,
        "screened_on": date(2026, 9, 25),
        "dispute_type": "婚姻纠纷",
        "parties": "王五与赵六",
        "risk": "red",
    }
    due = reminders.due(form, [Record(3, values)], {}, units, date(2026, 12, 1))
    assert due[0].names == ("东岗村 2026-09-25（婚姻纠纷）",)
    assert reminders.record_name(form, {"dispute_type": "其他"}, 4, units) == "其他"
    sealed = {**values, "screened_on": Sealed("已加密")}
    assert reminders.record_name(form, sealed, 3, units) == "已加密"
    # a register whose title names the record (a person) keeps it alone
    petition = bundled().get("petition")
    assert [f.id for f in reminders.name_fields(petition)] == ["person_name"]
    assert reminders.record_name(petition, {"person_name": "张三丰"}, 1, units) == "张**"


def test_assistance_children_and_breast_and_cervical_cancer_aid() -> None:
    form = bundled().get("assistance")
    category = form.field("category")
    assert category.multiple
    assert "两癌患病妇女" in category.kind.format(category.kind.parse("两癌患病妇女、残疾妇女"))
    woman = {"category": ("困难妇女",)}
    child = {"category": ("留守儿童",)}
    for field_id in ("child_sex", "birth_date", "guardian", "guardian_relation", "school"):
        assert not shown(form.field(field_id), woman)
        assert shown(form.field(field_id), child)
    assert shown(form.field("left_behind"), child)
    assert not shown(form.field("left_behind"), {"category": ("孤儿",)})
    assert form.field("guardian").sensitive
    assert form.field("birth_date").sensitive
    aid = form.subform("cancer_aid")
    labels = [f.label for f in aid.fields]
    assert labels[:3] == ["申请日期", "病种", "审核日期"]
    assert {"村级公示", "乡镇公示", "县级公示", "资金来源", "发放金额（元）", "发放日期"} <= set(
        labels
    )
    fund = aid.field("fund").choice
    assert fund is not None
    assert fund.labels() == ["中央彩票公益金", "省级", "其他"]
    row = {
        "applied_on": "2026-03-01",
        "cancer": "宫颈癌",
        "reviewed_on": "2026-03-05",
        "review": "通过",
        "village_notice_on": "2026-03-08",
        "town_notice_on": "2026-03-06",  # before the village's: refused
        "amount": 10000.0,
    }
    errors = check_record(aid.fields, aid.rules, row)
    assert errors == {
        "town_notice_on": "乡镇公示不能早于村级公示",
        "paid_on": "填了发放金额，请填写发放日期",
        "fund": "填了发放金额，请选择资金来源",
    }


def test_sites_honours_and_the_federations_own_organisation() -> None:
    forms = bundled()
    home = forms.get("home_site")
    assert home.field("six_haves").kind.parse("有场所、有牌子、有制度、有队伍、有活动、有经费") == (
        "有场所",
        "有牌子",
        "有制度",
        "有队伍",
        "有活动",
        "有经费",
    )
    kinds = home.field("kind").choice
    assert kinds is not None
    assert {"家长学校", "家庭教育指导服务站点", "婚姻家庭纠纷调解室（婚调室）"} <= set(
        kinds.labels()
    )
    assert [f.id for f in home.subform("yearly").fields][:3] == ["year", "activities", "served"]
    room = forms.get("nursing_room")
    basics = room.field("basics").choice
    assert basics is not None
    assert len(basics.labels()) == 7
    assert room.stock.inactive_values == ("在建", "未建", "停用")
    post = forms.get("model_post")
    collective = {
        "holder": "集体",
        "kind": "巾帼文明岗",
        "year": 2025,
        "name": "窗口",
        "level": "县级",
    }
    assert check_record(post.fields, post.rules, collective) == {}
    wrong = {**collective, "holder": "个人"}
    assert check_record(post.fields, post.rules, wrong) == {
        "kind": "“巾帼文明岗”不属于集体/个人“个人”"
    }
    assert not shown(post.field("women_share"), wrong)
    family = forms.get("family_honour").field("honour").choice
    assert family is not None
    assert "廉洁家庭" in family.labels()
    org = forms.get("org")
    assert org.kind == "stock"
    assert (org.stock.since, org.stock.until) == ("term_start", "left_on")
    assert org.field("name").sensitive
    assert org.field("phone").sensitive
    village_chair = {"level": "村妇联", "post": "主席", "name": "李秀兰"}
    assert check_record(org.fields, org.rules, village_chair) == {
        "unit": "村（社区）妇联请选择所在村（社区）"
    }


def test_stock_totals_of_rooms_and_members() -> None:
    rooms = bundled().get("nursing_room")
    records = [
        Record(1, {"status": "已建成", "completed_on": "2024-05-01", "required": True}),
        Record(2, {"status": "已建成", "completed_on": "2025-06-01", "required": False}),
        Record(3, {"status": "未建", "required": True}),  # should have one: not a room
        Record(4, {"status": "已建成", "completed_on": "2026-02-01", "required": True}),
    ]
    stats = statistics.compute(
        rooms, records, NO_UNITS, date_from="2025-01-01", date_to="2025-12-31"
    )
    assert (stats.total, stats.added) == (2, 1)
    # 母婴设施配置率 at the end of 2025: 3 places should have one, 1 has (4 was built in 2026)
    assert stats.coverage_label == "母婴设施配置率"
    assert stats.coverage is not None
    assert (stats.coverage.closed, stats.coverage.total) == (1, 3)
    org = bundled().get("org")
    members = [
        Record(1, {"post": "主席", "term_start": "2023-03-08"}),
        Record(2, {"post": "执委", "term_start": "2023-03-08", "left_on": "2025-04-01"}),
        Record(3, {"post": "执委", "term_start": "2025-09-01"}),
    ]
    at_2024 = statistics.compute(
        org, members, NO_UNITS, date_from="2024-01-01", date_to="2024-12-31"
    )
    at_2025 = statistics.compute(
        org, members, NO_UNITS, date_from="2025-01-01", date_to="2025-12-31"
    )
    assert (at_2024.total, at_2025.total, at_2025.added) == (2, 2, 1)


def test_volunteers_keep_their_services_as_sub_records() -> None:
    volunteer = bundled().get("volunteer")
    services = volunteer.subform("services")
    assert [f.label for f in services.fields] == ["服务日期", "服务活动", "服务时长（小时）"]
    assert check_record(services.fields, services.rules, {"date": "2026-03-08"}) == {
        "activity": "必填"
    }
    training = bundled().get("training")
    assert check_record(
        training.fields,
        training.rules,
        {
            "name": "培训",
            "target_group": "执委",
            "held_on": "2026-03-08",
            "participants": 20,
            "women": 25,
        },
    ) == {"participants": "女性人数不能多于参训人数"}
