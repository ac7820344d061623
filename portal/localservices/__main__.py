import os
import sys

from .run import run

if len(sys.argv) > 1 and sys.argv[1] == "run":
    sys.exit(run(port=int(os.environ.get("PORT", 8000))))
else:
    print("usage: python -m portal.localservices run", file=sys.stderr)
    sys.exit(2)
