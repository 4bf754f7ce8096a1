"""An independent check of a whole publication history, by exact linear algebra."""

from visiespiegel.insights.audit import leaks


def history_leaks(persons, published, tree, k):
    """`persons`: id -> (unit, role, [snapshot in which each version was first published]).
    `published`: (group, snapshot whose data it shows). Person-versions that no row can tell
    apart form one column; a column's people are the persons behind it. Returns every smallest
    set of columns with 1..k-1 persons that some combination of the rows isolates."""
    if not published:
        return []
    last = max(e for _g, e in published)
    columns: dict = {}
    for person, (unit, role, versions) in persons.items():
        for i, born in enumerate(versions):
            died = versions[i + 1] if i + 1 < len(versions) else last + 1
            columns.setdefault((unit, role, born, died), set()).add(person)
    keys = list(columns)
    rows = [
        [
            1 if tree.within(unit, g[0]) and g[1] in (None, role) and born <= e < died else 0
            for unit, role, born, died in keys
        ]
        for g, e in set(published)
    ]
    return leaks(rows, [frozenset(columns[c]) for c in keys], k)
