"""Every note the deadline rules can emit has a translatable label."""

from __future__ import annotations

from herningmodel.cases import deadlines
from herningmodel.cases.templatetags.cases_tags import KIND_LABELS, NOTE_LABELS, STATE_LABELS


def test_every_note_kind_and_state_has_a_label() -> None:
    notes = {v for k, v in vars(deadlines).items() if k.startswith("NOTE_")}
    assert notes == set(NOTE_LABELS)
    assert {k.value for k in deadlines.Kind} == set(KIND_LABELS)
    assert {s.value for s in deadlines.State} == set(STATE_LABELS)
