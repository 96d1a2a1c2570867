"""Plain SQL for the few reads and writes every answer and question page makes: through
the ORM, building and compiling each statement cost several times running it. What a
row holds becomes Python values through the converters the ORM itself applies, and
models through `from_db`, as a queryset would make them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models

Converter = Callable[[Any, Any, Any], Any]


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _converters(field: models.Field[Any, Any], alias: str) -> list[Converter]:
    column = field.get_col(alias)
    return [*connection.ops.get_db_converters(column), *column.get_db_converters(connection)]


def column_reader(field: models.Field[Any, Any], alias: str) -> Callable[[Any], Any]:
    """A function from what the database returns for `field` (read as `alias`.column)
    to the value the ORM would give (a datetime from SQLite's text, a UUID, JSON)."""
    column = field.get_col(alias)
    converters = _converters(field, alias)

    def read(value: Any) -> Any:
        for converter in converters:
            value = converter(value, column, connection)
        return value

    return read


class ModelColumns[M: models.Model]:
    """Every column of a model, read under a table alias, and the model made from them."""

    def __init__(self, model: type[M], alias: str) -> None:
        fields = model._meta.concrete_fields
        self.model = model
        self.names = [field.attname for field in fields]
        self.select = ", ".join(f"{alias}.{quote(str(field.column))}" for field in fields)
        # Most columns come back as the ORM gives them: only the others are converted.
        self.readers = [
            (position, column_reader(field, alias))
            for position, field in enumerate(fields)
            if _converters(field, alias)
        ]

    def __len__(self) -> int:
        return len(self.names)

    def build(self, values: Sequence[Any]) -> M:
        if len(values) != len(self.names):
            raise ValueError(f"{len(values)} values for {len(self.names)} columns")
        converted = list(values)
        for position, read in self.readers:
            converted[position] = read(converted[position])
        return self.model.from_db(connection.alias, self.names, converted)


_columns: dict[tuple[str, type[models.Model], str], ModelColumns[Any]] = {}


def model_columns[M: models.Model](model: type[M], alias: str) -> ModelColumns[M]:
    """The columns of `model` under `alias` for this database (made once per process)."""
    key = (connection.vendor, model, alias)
    found = _columns.get(key)
    if found is None:
        found = _columns[key] = ModelColumns(model, alias)
    return found


_inserts: dict[tuple[str, type[models.Model], int], tuple[list[models.Field[Any, Any]], str]] = {}


def _insert_statement(
    model: type[models.Model], rows: int
) -> tuple[list[models.Field[Any, Any]], str]:
    """The fields an INSERT of `rows` rows of `model` writes, and its SQL (made once per
    process: quoting every column cost more than running the statement's Python)."""
    key = (connection.vendor, model, rows)
    found = _inserts.get(key)
    if found is None:
        fields = [field for field in model._meta.concrete_fields if not field.primary_key]
        row = f"({', '.join(['%s'] * len(fields))})"
        sql = (
            f"INSERT INTO {quote(model._meta.db_table)} "
            f"({', '.join(quote(str(field.column)) for field in fields)}) "
            f"VALUES {', '.join([row] * rows)}"
        )
        found = _inserts[key] = (fields, sql)
    return found


def _insert_params(
    fields: Sequence[models.Field[Any, Any]], objects: Sequence[models.Model]
) -> list[Any]:
    """What an INSERT sends for the objects, as `bulk_create` would: each field's
    `pre_save` (auto_now_add) and `get_db_prep_save`."""
    params: list[Any] = []
    for instance in objects:
        params += [
            field.get_db_prep_save(field.pre_save(instance, True), connection) for field in fields
        ]
    return params


def insert(objects: Sequence[models.Model], *, returning_pk: bool = False) -> None:
    """INSERT the new objects of one model in one statement. With `returning_pk` (one
    object only) its new primary key is read back and the object marked saved."""
    model = type(objects[0])
    fields, sql = _insert_statement(model, len(objects))
    params = _insert_params(fields, objects)
    with connection.cursor() as cursor:
        if not returning_pk:
            cursor.execute(sql, params)
            return
        if len(objects) != 1:
            raise ValueError("The primary key is read back for one object only.")
        cursor.execute(f"{sql} RETURNING {quote(str(model._meta.pk.column))}", params)
        (instance,) = objects
        instance.pk = cursor.fetchone()[0]
        instance._state.adding = False
        instance._state.db = connection.alias


def insert_unless_present(
    objects: Sequence[models.Model], *, returning: Sequence[str]
) -> list[tuple[Any, ...]]:
    """INSERT the new objects of one model in one statement, leaving out any row a
    unique constraint finds already there (ON CONFLICT DO NOTHING: PostgreSQL, and
    SQLite since 3.24); the `returning` columns of the rows it did insert. Where
    another transaction is adding the same row, PostgreSQL waits for it to end."""
    model = type(objects[0])
    fields, sql = _insert_statement(model, len(objects))
    columns = ", ".join(quote(name) for name in returning)
    with connection.cursor() as cursor:
        cursor.execute(
            f"{sql} ON CONFLICT DO NOTHING RETURNING {columns}", _insert_params(fields, objects)
        )
        return [tuple(row) for row in cursor.fetchall()]
