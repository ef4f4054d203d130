"""One line of a value's change history as the clerk reads it (issue 22): "填为“无”" rather than
"无数据：→ 1", and nothing at all for a field that did not really change (an empty 来源)."""

from __future__ import annotations

LABELS = {"value": "数值", "no_data": "无数据", "note": "备注", "source": "来源"}
_TRUE = {"1", "true", "True"}


def change_text(field: str, old: object, new: object) -> str | None:
    """``数值：12 → 15``, ``备注：填入 …``, ``来源：清除（原为 …）``; None when nothing changed.
    ``old`` / ``new`` as the audit trail holds them (text, numbers, booleans or None)."""
    before, after = _plain(old), _plain(new)
    if field == "no_data":
        was, now = before in _TRUE, after in _TRUE
        if was == now:
            return None
        return "填为“无”（没有数据）" if now else "取消“无”"
    if before == after:
        return None
    label = LABELS.get(field, field)
    if not before:
        return f"{label}：填入 {after}"
    if not after:
        return f"{label}：清除（原为 {before}）"
    return f"{label}：{before} → {after}"


def _plain(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
