"""A reader's attack on a published table: solve its sums over non-negative integers for each hidden cell.

Independent of the suppression code: bounds propagation on every published sum, then a depth-first search for
a whole solution in which the hidden cell has another value than the true one.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence

Var = Hashable
Equation = tuple[Var, Sequence[Var]]  # total, parts


class _InfeasibleError(Exception):
    """No solution in these bounds."""


def _propagate(bounds: dict[Var, list[int]], equations: Sequence[Equation]) -> None:
    changed = True
    while changed:
        changed = False
        for total, parts in equations:
            lo_sum = sum(bounds[p][0] for p in parts)
            hi_sum = sum(bounds[p][1] for p in parts)
            t_lo, t_hi = bounds[total]
            new = [max(t_lo, lo_sum), min(t_hi, hi_sum)]
            if new != bounds[total]:
                bounds[total], changed = new, True
            t_lo, t_hi = bounds[total]
            for p in parts:
                lo, hi = bounds[p]
                others_lo = lo_sum - lo
                others_hi = hi_sum - hi
                new = [max(lo, t_lo - others_hi), min(hi, t_hi - others_lo)]
                if new != bounds[p]:
                    lo_sum += new[0] - lo
                    hi_sum += new[1] - hi
                    bounds[p], changed = new, True
            if any(bounds[v][0] > bounds[v][1] for v in (total, *parts)):
                raise _InfeasibleError


def _solve(bounds: dict[Var, list[int]], equations: Sequence[Equation], near: Mapping[Var, int]) -> bool:
    try:
        _propagate(bounds, equations)
    except _InfeasibleError:
        return False
    open_vars = [v for v, (lo, hi) in bounds.items() if lo < hi]
    if not open_vars:
        return all(bounds[t][0] == sum(bounds[p][0] for p in parts) for t, parts in equations)
    var = min(open_vars, key=lambda v: bounds[v][1] - bounds[v][0])
    lo, hi = bounds[var]
    for value in sorted(range(lo, hi + 1), key=lambda x: abs(x - near.get(var, 0))):
        trial = {v: list(b) for v, b in bounds.items()}
        trial[var] = [value, value]
        if _solve(trial, equations, near):
            return True
    return False


def pinned_cells(values: Mapping[Var, int], equations: Iterable[Equation], hidden: Iterable[Var]) -> set[Var]:
    """The hidden cells a reader can work out exactly from the shown cells and the sums (cells >= 0, integers)."""
    equations = list(equations)
    hidden = set(hidden)
    cap = 2 * sum(values.values()) + 3  # far above any total: a cell that can move, moves by one
    base = {v: ([0, cap] if v in hidden else [values[v], values[v]]) for v in values}
    pinned = set()
    for cell in hidden:
        actual = values[cell]
        below = {**{v: list(b) for v, b in base.items()}, cell: [0, actual - 1]}
        above = {**{v: list(b) for v, b in base.items()}, cell: [actual + 1, cap]}
        if not (actual > 0 and _solve(below, equations, values)) and not _solve(above, equations, values):
            pinned.add(cell)
    return pinned
