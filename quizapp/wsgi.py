from __future__ import annotations

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizapp.settings")
application = get_wsgi_application()

# What is loaded by now (Django, the apps, the URL map, the templates' modules) lives as
# long as the worker. Frozen, it is out of the cyclic collector's reach, so collections
# during requests walk only what requests make instead of the whole heap each time.
gc.collect()
gc.freeze()
