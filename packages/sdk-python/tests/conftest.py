from __future__ import annotations

import sys
from pathlib import Path

# The helpers module sits beside the tests; make it importable however pytest is started.
sys.path.insert(0, str(Path(__file__).parent))
