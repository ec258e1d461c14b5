"""Every {% static "..." %} named in a template exists in the manifest collectstatic wrote.

Production serves static files by their hashed names from that manifest: a template naming a
file that is not there answers 500 on the page that uses it. The suite runs with plain storage,
so only this check finds it before a deployment. Usage: static_refs.py staticfiles/staticfiles.json
"""

import json
import re
import sys
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent
STATIC_TAG = re.compile(r"""{%\s*static\s+(['"])([^'"]+)\1""")


def main(manifest_path):
    known = set(json.loads(Path(manifest_path).read_text())["paths"])
    missing = []
    for template in sorted(TOP.glob("**/templates/**/*.html")):
        if ".venv" in template.parts or "node_modules" in template.parts:
            continue
        for _quote, name in STATIC_TAG.findall(template.read_text(encoding="utf-8")):
            if name not in known:
                missing.append(f"{template.relative_to(TOP)}: {name}")
    for line in missing:
        print(f"Berkas statis tidak ada di manifest: {line}")
    print(f"{len(known)} berkas statis di manifest; {len(missing)} rujukan templat yang hilang.")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
