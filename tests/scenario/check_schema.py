#!/usr/bin/env python3
"""Validates scenario files against the JSON Schema: prints `ok` or `invalid: why` per file.
Used by test_scenario_schema to check that the schema and the loader agree."""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1], encoding="utf-8"))
validator = jsonschema.Draft202012Validator(schema)
jsonschema.Draft202012Validator.check_schema(schema)
for path in sys.argv[2:]:
    with open(path, encoding="utf-8-sig") as f:
        doc = json.load(f)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    print(path + "\t" + ("ok" if not errors else "invalid: " + errors[0].message.replace("\n", " ")))
