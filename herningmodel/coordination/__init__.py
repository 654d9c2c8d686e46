"""Coordination across departments: one family coordinator and one plan led by the family."""
