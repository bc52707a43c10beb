#!/usr/bin/env python3
"""Validate YAML rules files against the rules JSON Schema.

usage: validate-schema.py SCHEMA.json FILE.yaml...

Reads YAML the way editors' YAML 1.2 language servers do (`on` is a key,
not a boolean; dates stay text), validates each file with the `jsonschema`
package (Draft 2020-12), and prints `FILE: ok` or `FILE: N errors` with the
first few. Exit 0 when every file is valid, 1 otherwise, 2 on usage errors.
"""
import json
import re
import sys

import jsonschema
import yaml


class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans and no timestamps."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    bad = 0
    for path in argv[2:]:
        with open(path, encoding="utf-8") as f:
            document = yaml.load(f, Loader=Yaml12Loader)
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
        if errors:
            bad += 1
            print(f"{path}: {len(errors)} errors")
            for e in errors[:3]:
                where = "/".join(str(p) for p in e.absolute_path) or "(top)"
                print(f"  {where}: {e.message[:160]}")
        else:
            print(f"{path}: ok")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
