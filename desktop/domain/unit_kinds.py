"""The fixed kinds of responsibility units (责任单位); forms and the store both use them."""

#: kind identifier -> label. The units issue extends the unit form; the kinds are fixed here.
KINDS: dict[str, str] = {
    "department": "政府部门/成员单位",
    "village": "村",
    "community": "社区",
    "school": "学校",
    "medical": "医疗机构",
    "enterprise": "企业",
    "other": "其他",
}
