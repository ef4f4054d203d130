"""``Sealed``: a sensitive value that cannot be shown (its own module: the field types and the
definitions both need it)."""

from __future__ import annotations


class Sealed(str):
    """A sensitive value that cannot be shown: ``已加密`` while the database is locked,
    ``无法解密`` when its ciphertext is damaged. Shown as it is, never masked or edited."""

    __slots__ = ()
