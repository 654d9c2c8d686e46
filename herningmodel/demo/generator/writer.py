"""Writing a simulated history into the database: bulk inserts in one transaction.

Writing years of history through the per-object services would take hours, so rows are
bulk-inserted. They still pass the same validation as user input: ``full_clean()`` on every row
(``validate="all"``, used for ``small``) or on every 50th row of each table, and the
service-level rules are checked on the records before anything is written
(``invariants.py``). A failed check raises and, as everything runs in one transaction, nothing
is written.

Audit: the generated history gets **one** audit event per run (the run's parameters and row
counts), not one per row: millions of events describing fiction would drown the trail the DPO
reads, and the hash chain would take longer to write than the history itself.
"""

from __future__ import annotations

from herningmodel.demo.generator.params import Params
from herningmodel.demo.generator.records import History
from herningmodel.demo.generator.write_casework import CaseworkWriter
from herningmodel.demo.generator.write_coordination import CoordinationWriter
from herningmodel.demo.generator.write_people import PeopleWriter
from herningmodel.demo.generator.writing import (
    DEMO_PASSWORD,
    STAGES,
    Progress,
    catalogue_for,
)
from herningmodel.staircase.ledger import rebuild_ledgers

__all__ = ["DEMO_PASSWORD", "STAGES", "Progress", "Writer", "catalogue_for", "write"]


class Writer(PeopleWriter, CaseworkWriter, CoordinationWriter):
    def write(self) -> dict[str, int]:
        self.organisation()
        self.staff()
        self.people()
        self.population()
        self.cases()
        self.casework()
        self.episodes()
        self.follow_ups()
        self.coordination()
        self.progress("cost ledger", self.stage, STAGES)
        entries = rebuild_ledgers(include_closed=True, today=self.params.today)
        self.rows += entries
        self.progress("done", STAGES, STAGES)
        return {"rows": self.rows, "ledger_entries": entries}


def write(params: Params, history: History, *, validate: str, progress: Progress) -> dict[str, int]:
    return Writer(params, history, validate=validate, progress=progress).write()
