"""Schemathesis hooks for ci/fuzz.sh (loaded through SCHEMATHESIS_HOOKS).

Only rules a JSON schema cannot state live here; everything else is in the served document.
"""
import schemathesis


def _price_range_in_order(query):
    try:
        return int(str(query["min_price"])) <= int(str(query["max_price"]))
    except (KeyError, ValueError, TypeError):
        # One bound or none, or a bound that is not an integer (negative data): not this rule.
        return True


# GET /products: `max_price` below `min_price` is a 400 by contract (API.md "400 bad sort/range"),
# a rule between two parameters that OpenAPI cannot express; each bound alone is in the schema.
# `filter_case` covers every phase (the coverage phase applies no `filter_query`).
@schemathesis.hook("filter_case").apply_to(method="GET", path="/api/v1/products")
def price_range_in_order(ctx, case):
    return _price_range_in_order(case.query or {})


# GET /wallet/entries: `month` and `date` together are a 400 by contract (API.md "`month` or
# `date` (not both)"), a rule between two parameters that OpenAPI cannot express.
@schemathesis.hook("filter_case").apply_to(method="GET", path="/api/v1/wallet/entries")
def month_or_date(ctx, case):
    query = case.query or {}
    return not ("month" in query and "date" in query)
