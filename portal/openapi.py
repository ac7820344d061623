"""The API schema says every answer the API can give, errors included.

drf-spectacular documents only the success codes; a client (or Schemathesis)
then meets answers the schema never mentioned. Each operation here also lists the
error answers DRF and our services give, with the shape of their body:

- 400: the body, a query filter or a page number is not valid (field → messages,
  or {"detail": ...});
- 403: not signed in, or signed in without the right (DRF's session
  authentication sends no WWW-Authenticate, so never 401), or a CSRF failure;
- 404: the object in the path does not exist or is not visible to this user, or
  the page is past the end;
- 405: the method is not allowed on that address for this object;
- 409: a write that the procurement rules refuse now (a closed tender...);
- 413: the body is larger than the portal accepts;
- 415: a body in a media type the operation does not take;
- 429: too many requests (throttled).
"""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

ERROR_BODY = {
    "type": "object",
    "description": "{'detail': message}, or field name → list of messages",
    "additionalProperties": True,
}

EMPTY = {"type": "string", "maxLength": 0, "description": "no filter"}

DESCRIPTIONS = {
    "400": "Invalid input",
    "403": "Not signed in, or not allowed",
    "404": "Not found, or not visible to you",
    "405": "Method not allowed here",
    "409": "Refused by the procurement rules",
    "413": "Request body too large",
    "415": "Unsupported media type",
    "429": "Too many requests",
}


class AutoSchema(SpectacularAutoSchema):
    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        writes = self.method in ("POST", "PUT", "PATCH", "DELETE")
        parameters = operation.get("parameters", [])
        for parameter in parameters:
            if parameter.get("in") == "query" and parameter["name"] != "page_size":
                # the pages submit every filter field, so an empty value means
                # "no filter" (and an empty page the first page), for the API too
                schema = parameter.get("schema", {})
                parameter["schema"] = {"anyOf": [schema, EMPTY]}
        codes = ["403", "429"]
        if writes or any(p.get("in") == "query" for p in parameters):
            codes.append("400")
        if writes or any(p.get("in") == "path" for p in parameters):
            codes.append("404")
        if any(p.get("name") == "page" for p in parameters):
            codes.append("404")  # a page past the end
        if writes:
            codes += ["405", "409", "413", "415"]
        responses = operation.setdefault("responses", {})
        for code in sorted(set(codes)):
            responses.setdefault(
                code,
                {
                    "description": DESCRIPTIONS[code],
                    "content": {"application/json": {"schema": ERROR_BODY}},
                },
            )
        return operation
