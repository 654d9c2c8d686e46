"""Running Herningmodel in a municipality's IT: health, metrics, request logs, the TLS proxy,
backups that restore, and retention with erasure (docs/deployment.md)."""
