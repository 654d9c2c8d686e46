"""Single sign-on: staff log in through the municipality's identity provider (OpenID Connect),
and their role, area teams and research-group membership follow the provider's groups through
the mapping file (``mapping.py``), applied by the staffing service (``provisioning.py``)."""
