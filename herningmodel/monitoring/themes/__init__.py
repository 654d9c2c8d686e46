"""The indicators, one module per theme; importing this package registers them all."""

from herningmodel.monitoring.themes import caseload, compliance, costs, intake, outcomes, steps

__all__ = ["caseload", "compliance", "costs", "intake", "outcomes", "steps"]
