"""Visiespiegel: the framework "Visie op passend onderwijs" as a working instrument."""
