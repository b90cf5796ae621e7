"""Settings for the support desk, read from the environment (DJANGO_SETTINGS_MODULE is
``config.settings``).

Zero setup: with nothing set, the desk runs on an SQLite file in the git-ignored ``data/``
folder, in DEBUG, with a development-only secret key.  Production sets DATABASE_URL,
SECRET_KEY, ALLOWED_HOSTS and DEBUG=0.

One module per concern; each reads its variables through config/env.py, once, at start-up
(a bad value stops it with a message naming the variable).  Every variable is declared in
config/variables.py, from which README's table is generated (``make env-docs``).
"""

import config.checks  # noqa: F401  (registers the `check --deploy` checks)
from config.settings.accounts import *  # noqa: F403
from config.settings.base import *  # noqa: F403
from config.settings.caches import *  # noqa: F403
from config.settings.classifier import *  # noqa: F403
from config.settings.database import *  # noqa: F403
from config.settings.live import *  # noqa: F403
from config.settings.logs import *  # noqa: F403
from config.settings.security import *  # noqa: F403
from config.settings.web import *  # noqa: F403
