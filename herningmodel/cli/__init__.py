"""The `herningmodel` command. These command names are a public interface: keep them stable.

herningmodel demo [--size S] [--seed N] [--start-year Y] [--reset] [--no-serve]
                                   generate/load the demo and serve it
herningmodel demo-report [--write FILE]   calibration targets against the demo's values
herningmodel serve                 serve with gunicorn
herningmodel check                 system checks, pending migrations, audit chain
herningmodel audit verify          verify the audit hash chain against its checkpoints,
                                   then checkpoint it (exit 1 on a break)
herningmodel audit restart-checkpoints --reason TEXT   after restoring or recreating the database
herningmodel token create --user NAME
herningmodel token revoke PREFIX
herningmodel token list [--user NAME]
herningmodel staff list | requests
herningmodel staff change USER --by ADMIN --reason TEXT (--role R | --add-team T | --end-team T
        | --add-group G | --remove-group G | --activate | --deactivate)
herningmodel staff enrol USER --role R --by ADMIN --reason TEXT
herningmodel staff approve ID --by NAME | reject ID --by NAME --note TEXT
herningmodel catalogue export FILE.xlsx
herningmodel catalogue import FILE.xlsx [--dry-run]
herningmodel indicators --period P [--format json|table] [--indicator ID] | --docs
herningmodel report --period P --format pdf|xlsx|json --out FILE
herningmodel businesscase SCENARIO.toml --format json|xlsx|pdf --out FILE
herningmodel evaluate did --csv FILE --outcome COL
        (--treated COL --post COL | --first-treated COL --time COL) [--unit COL] [--covariates A,B]
        [--se classical|robust|cluster] [--cluster COL] [--bootstrap N] [--format text|json|pdf]
        [--out FILE]
herningmodel evaluate extract --user NAME --purpose TEXT --out DIR   (DPO-approved users only)
herningmodel import KIND FILE [--dry-run] [--report out.xlsx]
herningmodel export aggregates --period P --out FILE.json|FILE.csv
herningmodel disclosure audit --period P   protect and audit a period's figures (exit 1 on a breach)
herningmodel import all DIR|FILE.zip [--dry-run]    every kind's file, in dependency order
herningmodel export full --out DIR|FILE.zip         every kind, in the formats import reads
herningmodel benchmark import AGG_FILE.json...   other municipalities' aggregate exports
herningmodel backup --out DIR            database (online), audit checkpoints, manifest
herningmodel restore DIR                 into an empty database, same version only
herningmodel retention run [--dry-run]   erase/anonymise what is past its period
herningmodel retention hold CHILD --by DPO --reason TEXT | release CHILD --by DPO
herningmodel benchmark demo-files DIR [--period P]... [--count N]   fictitious ones
"""

from __future__ import annotations

# Each module registers its commands on ``app``; the import order is the order of ``--help``.
from herningmodel.cli import (  # noqa: F401
    audit,
    audit_trail,
    catalogue,
    comparison,
    disclosure,
    economics,
    evaluation,
    interchange,
    monitoring,
    operations,
    serving,
    staff,
)
from herningmodel.cli.base import app

__all__ = ["app", "main"]


def main() -> None:
    app()
