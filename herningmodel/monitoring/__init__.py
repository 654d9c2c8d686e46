"""Monitoring and steering: indicators defined once, early warnings, dashboards, reports."""
