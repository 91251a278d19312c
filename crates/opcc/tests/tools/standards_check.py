"""Validates what the service publishes against the standards' own schemas, offline.

    standards_check.py 360giving STANDARDS_DIR PACKAGE.json
    standards_check.py oruk STANDARDS_DIR FEED_DIR

360Giving 1.4.3: the package against the package schema, its grants against the grant schema
(registered under its 1.4.3 $id and the 1.4.2 address the package schema names), draft
2020-12 forced (the schemas write $schema with http://), format assertion on (awardDate is a
oneOf of a date-time format and a date pattern, which only works with formats checked), and
the codelists the `codelist` keyword names checked by hand.

Open Referral UK 3.0: each list page (services, organizations, service_at_locations,
taxonomies) has the Page fields and each item of its `contents` validates against the
compiled `*_list` schema (or taxonomy.json); each service's full record against service.json.

Prints a JSON summary on success; exits 1 naming every problem otherwise. Nothing is fetched.
"""
import csv
import json
import os
import sys

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

FORMATS = jsonschema.Draft202012Validator.FORMAT_CHECKER
problems = []


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def resource(schema):
    return Resource.from_contents(schema, default_specification=DRAFT202012)


def validate(instance, schema, registry, where):
    v = jsonschema.Draft202012Validator(schema, registry=registry, format_checker=FORMATS)
    for e in sorted(v.iter_errors(instance), key=lambda e: list(e.absolute_path)):
        path = "/".join(str(p) for p in e.absolute_path)
        problems.append(f"{where}/{path}: {e.message[:300]}")


def codelist_values(std, name):
    with open(os.path.join(std, "codelists", name), encoding="utf-8") as f:
        return {row["Code"] for row in csv.DictReader(f)}


def walk_codelists(schema, instance, std, where, defs):
    """Checks every value whose schema names a codelist against that list."""
    if isinstance(schema, dict) and "$ref" in schema and schema["$ref"].startswith("#/$defs/"):
        schema = defs[schema["$ref"].split("/")[-1]]
    if not isinstance(schema, dict):
        return
    if "codelist" in schema and isinstance(instance, str):
        if instance not in codelist_values(std, schema["codelist"]):
            problems.append(f"{where}: {instance!r} is not in {schema['codelist']}")
    if isinstance(instance, dict):
        for k, v in instance.items():
            sub = schema.get("properties", {}).get(k)
            if sub is not None:
                walk_codelists(sub, v, std, f"{where}/{k}", defs)
    if isinstance(instance, list) and "items" in schema:
        for i, v in enumerate(instance):
            walk_codelists(schema["items"], v, std, f"{where}/{i}", defs)


def giving(std, path):
    pkg_schema = load(os.path.join(std, "schema", "360-giving-package-schema.json"))
    grant_schema = load(os.path.join(std, "schema", "360-giving-schema.json"))
    grant = resource(grant_schema)
    registry = Registry().with_resources(
        [
            (grant_schema["$id"], grant),
            (pkg_schema["properties"]["grants"]["items"]["$ref"], grant),
            (pkg_schema["$id"], resource(pkg_schema)),
        ]
    )
    package = load(path)
    validate(package, pkg_schema, registry, "package")
    for i, g in enumerate(package.get("grants", [])):
        validate(g, grant_schema, registry, f"grants/{i}")
        walk_codelists(grant_schema, g, std, f"grants/{i}", grant_schema.get("$defs", {}))
        if "recipientIndividual" in g:
            problems.append(f"grants/{i}: a grant to an individual is published")
    return {"grants": len(package.get("grants", [])),
            "ids": [g.get("id") for g in package.get("grants", [])]}


PAGE = ["total_items", "total_pages", "page_number", "size", "first_page", "last_page",
        "empty", "contents"]


def oruk(std, feed):
    compiled = os.path.join(std, "schema", "compiled")
    schemas = {
        "services": load(os.path.join(compiled, "service_list.json")),
        "organizations": load(os.path.join(compiled, "organization_list.json")),
        "service_at_locations": load(os.path.join(compiled, "service_at_location_list.json")),
        "taxonomies": load(os.path.join(std, "schema", "taxonomy.json")),
    }
    full = load(os.path.join(compiled, "service.json"))
    registry = Registry()
    counts = {}
    for name, schema in schemas.items():
        page = load(os.path.join(feed, f"{name}.json"))
        for k in PAGE:
            if k not in page:
                problems.append(f"{name}: the page has no {k}")
        if page.get("total_items") != len(page.get("contents", [])):
            problems.append(f"{name}: total_items does not count contents")
        for i, item in enumerate(page.get("contents", [])):
            validate(item, schema, registry, f"{name}/contents/{i}")
        counts[name] = len(page.get("contents", []))
    records = sorted(f for f in os.listdir(feed) if f.startswith("service-"))
    for f in records:
        validate(load(os.path.join(feed, f)), full, registry, f)
    counts["full_records"] = len(records)
    return counts


def main():
    kind, std, target = sys.argv[1:4]
    summary = giving(std, target) if kind == "360giving" else oruk(std, target)
    if problems:
        print("\n".join(problems[:50]), file=sys.stderr)
        sys.exit(1)
    print(json.dumps(summary))


main()
