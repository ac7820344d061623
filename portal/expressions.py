"""SQL expressions the ORM lacks, shared by the apps."""

from django.db import models


class AnyOf(models.Expression):
    """`expression = ANY(%s::bigint[])`: a list of keys as one parameter,
    adapted by the driver as it is (an IN list of a thousand parameters
    costs milliseconds to plan; a Value of an ArrayField prepares each key
    in Python)."""

    output_field = models.BooleanField()

    def __init__(self, expression, keys):
        super().__init__()
        self.expression, self.keys = expression, list(keys)

    def get_source_expressions(self):
        return [self.expression]

    def set_source_expressions(self, expressions):
        (self.expression,) = expressions

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.expression)
        return f"{sql} = ANY(%s::bigint[])", (*params, self.keys)
