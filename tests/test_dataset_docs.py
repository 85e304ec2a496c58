"""The generated schema docs are committed and current, and they say what `schemas/` says."""

from __future__ import annotations

from schemas import TABLES
from schemas.docs import SCHEMAS_DIR, generated_files, json_schema, stale_files
from schemas.relations import FOREIGN_KEYS, check_relations, table_named


def test_committed_docs_are_current() -> None:
    stale = stale_files()
    assert not stale, f"schemas/{', schemas/'.join(stale)} stale: run `python -m schemas.docs` and commit the result"


def test_one_json_schema_per_table_and_nothing_else() -> None:
    assert sorted(p.name for p in SCHEMAS_DIR.glob("*.schema.json")) == sorted(f"{t.name}.schema.json" for t in TABLES)
    assert set(generated_files()) == {"SCHEMA.md"} | {f"{t.name}.schema.json" for t in TABLES}


def test_json_schema_mirrors_fields_and_nullability() -> None:
    for table in TABLES:
        schema = json_schema(table)
        assert list(schema["properties"]) == schema["required"] == table.names
        for field in table.fields:
            types = schema["properties"][field.name]["type"]
            assert ("null" in types) is field.nullable, f"{table.name}.{field.name}"
        assert schema["x-primary-key"] == table.primary_key


def test_keys_name_real_columns() -> None:
    check_relations()
    assert "comments.post_id → posts.post_id" in {str(key) for key in FOREIGN_KEYS}
    for key in FOREIGN_KEYS:
        assert table_named(key.ref_table).primary_key == key.ref_column  # references point at primary keys


def test_schema_md_documents_every_field_and_key() -> None:
    text = generated_files()["SCHEMA.md"]
    for table in TABLES:
        assert f"## `{table.name}`" in text and f"Primary key: `{table.primary_key}`" in text
        for field in table.fields:
            assert f"| `{field.name}` |" in text
    for key in FOREIGN_KEYS:
        assert f"Foreign key: `{key}`" in text
