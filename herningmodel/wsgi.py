import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "herningmodel.settings")
application = get_wsgi_application()

# Import every view now rather than on a worker's first request (the evaluation pages import
# statsmodels: seconds of a first request), then keep these long-lived objects out of the
# garbage collector's full collections, which otherwise rescan them during every large request
# (about a fifth of the monitoring overview's CPU time; docs/benchmarks.md, monitoring).
get_resolver().url_patterns  # noqa: B018
gc.freeze()
