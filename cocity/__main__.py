"""The `cocity` console script: Django's management commands for this project.

`cocity seed --size city` is `python -m django seed --size city` with our settings.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocity.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["cocity", *sys.argv[1:]])


if __name__ == "__main__":
    main()
