"""Evaluation: pilot versus control districts, fidelity to the model, research extracts."""
