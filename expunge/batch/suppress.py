"""Small-cell suppression: primary, complementary, and an audit that nothing can be solved.

The published figures form one linear system: every table's rows add up to its row
totals, its columns to its column totals, and tables share totals (and county rows add up
to their state's row). A suppressed cell is safe only if no combination of those sums
pins it down. So:

1. primary: every cell counting fewer than ``k`` people (but not zero) is suppressed;
2. complementary: any sum left with exactly one hidden cell gets a second one hidden
   (the smallest non-zero cell of that sum, a body cell before a total);
3. audit: exact linear algebra over all the sums at once finds any hidden cell that can
   still be computed (through chains of sums); more cells are hidden until none can.

The audit works modulo a large prime (fast, exact for systems of this kind: all
coefficients are 0 or ±1). It proves that no hidden value is determined; it does not
compute how narrow the range left by non-negativity is.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

Key = Hashable
_P = (1 << 61) - 1  # a Mersenne prime


@dataclass
class Publication:
    """Cells to publish, the sums that tie them together, and the people behind each cell."""

    values: dict[Key, int] = field(default_factory=dict)
    people: dict[Key, int] = field(default_factory=dict)
    fixed: set[Key] = field(default_factory=set)  # always shown (e.g. the number screened)
    sums: list[tuple[tuple[Key, ...], tuple[Key, ...]]] = field(default_factory=list)

    def add_sum(self, parts: Iterable[Key], whole: Iterable[Key]) -> None:
        """sum(parts) == sum(whole): both sides must be cells of this publication."""
        p, w = tuple(parts), tuple(whole)
        for key in (*p, *w):
            if key not in self.values:
                raise KeyError(key)
        total = sum(self.values[x] for x in p) - sum(self.values[x] for x in w)
        if total != 0:
            raise ValueError(f"the sum does not hold: {p} vs {w}")
        self.sums.append((p, w))


def primary(pub: Publication, k: int) -> set[Key]:
    return {
        key
        for key, value in pub.values.items()
        if key not in pub.fixed and value > 0 and 0 < pub.people.get(key, value) < k
    }


def _totals(pub: Publication) -> set[Key]:
    return {key for _, whole in pub.sums for key in whole}


def _pick(
    pub: Publication, members: Iterable[Key], hidden: set[Key], totals: set[Key]
) -> Key | None:
    """The cell to hide next among ``members``: non-zero first, body before totals, smallest."""
    options = [m for m in members if m not in hidden and m not in pub.fixed]
    if not options:
        return None
    return min(options, key=lambda m: (pub.values[m] == 0, m in totals, pub.values[m], repr(m)))


def determined(pub: Publication, hidden: set[Key]) -> list[Key]:
    """The hidden cells whose value the published cells and the sums still fix."""
    order = {key: i for i, key in enumerate(sorted(hidden, key=repr))}
    pivots: dict[Key, dict[Key, int]] = {}
    for parts, whole in pub.sums:
        row: dict[Key, int] = {}
        for key, coef in ((x, 1) for x in parts):
            if key in hidden:
                row[key] = (row.get(key, 0) + coef) % _P
        for key in whole:
            if key in hidden:
                row[key] = (row.get(key, 0) - 1) % _P
        row = {x: c for x, c in row.items() if c}
        # reduce by the pivots found so far (each holds its pivot and free cells only)
        for pv in [x for x in row if x in pivots]:
            c = row.get(pv)
            if not c:
                continue
            for x, cx in pivots[pv].items():
                v = (row.get(x, 0) - c * cx) % _P
                if v:
                    row[x] = v
                else:
                    row.pop(x, None)
        if not row:
            continue
        pv = min(row, key=order.__getitem__)
        inv = pow(row[pv], _P - 2, _P)
        row = {x: c * inv % _P for x, c in row.items()}
        for other in pivots.values():
            c = other.get(pv)
            if c:
                for x, cx in row.items():
                    v = (other.get(x, 0) - c * cx) % _P
                    if v:
                        other[x] = v
                    else:
                        other.pop(x, None)
        pivots[pv] = row
    return sorted((pv for pv, row in pivots.items() if len(row) == 1), key=repr)


def protect(pub: Publication, k: int) -> set[Key]:
    """The cells to hide so that none counting fewer than ``k`` people can be recovered."""
    hidden = primary(pub, k)
    totals = _totals(pub)
    lines = [tuple(dict.fromkeys((*p, *w))) for p, w in pub.sums]
    by_cell: dict[Key, list[int]] = {}
    for i, members in enumerate(lines):
        for m in members:
            by_cell.setdefault(m, []).append(i)
    while True:
        # 2. no sum may have a single hidden cell
        queue = list(range(len(lines)))
        while queue:
            i = queue.pop()
            members = lines[i]
            if sum(1 for m in members if m in hidden) != 1:
                continue
            pick = _pick(pub, members, hidden, totals)
            if pick is None:
                continue  # only fixed cells left: the audit decides
            hidden.add(pick)
            queue.extend(by_cell[pick])
        # 3. audit the whole system
        solved = determined(pub, hidden)
        if not solved:
            return hidden
        added = False
        for cell in solved:
            pick = _nearest_pick(pub, cell, hidden, totals, lines, by_cell)
            if pick is not None:
                hidden.add(pick)
                added = True
        if not added:
            # nothing left to hide near them: hide every cell that is not fixed
            hidden |= {key for key in pub.values if key not in pub.fixed}
            return hidden


def _nearest_pick(
    pub: Publication,
    cell: Key,
    hidden: set[Key],
    totals: set[Key],
    lines: list[tuple[Key, ...]],
    by_cell: dict[Key, list[int]],
) -> Key | None:
    """A cell to hide so that ``cell`` is no longer determined: from the sums around it, or
    failing that around the hidden cells it is tied to, nearest first.

    A solved cell's own sums may already be all hidden: it is then solved through a chain
    (e.g. two hidden cells of a published row whose sum is another hidden total), and a
    cell of a sum further along the chain must go.
    """
    frontier, seen_cells, seen_lines = [cell], {cell}, set()
    while frontier:
        options: list[Key] = []
        nxt: list[Key] = []
        for c in frontier:
            for i in by_cell.get(c, []):
                if i in seen_lines:
                    continue
                seen_lines.add(i)
                pick = _pick(pub, lines[i], hidden, totals)
                if pick is not None:
                    options.append(pick)
                for m in lines[i]:
                    if m in hidden and m not in seen_cells:
                        seen_cells.add(m)
                        nxt.append(m)
        if options:
            return min(
                options, key=lambda m: (pub.values[m] == 0, m in totals, pub.values[m], repr(m))
            )
        frontier = nxt
    return None
