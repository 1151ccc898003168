"""What every result class shares: a short repr of its main fields, and (for results that hold a
list) len(), iteration and indexing over that list.

Contract: a subclass names its repr fields in ``_fields`` and, with :class:`_Sequence`, the list
attribute in ``_items``.
"""

from __future__ import annotations


class _Result:
    _fields = ()

    def __repr__(self):
        items = ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields)
        return f"{type(self).__name__}({items})"


class _Sequence:
    """len(), iteration and indexing over the list attribute named by ``_items``."""

    _items = "points"

    def __len__(self):
        return len(getattr(self, self._items))

    def __iter__(self):
        return iter(getattr(self, self._items))

    def __getitem__(self, i):
        return getattr(self, self._items)[i]
