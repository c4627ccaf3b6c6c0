#!/usr/bin/env python3
"""Property-based fuzzer over the whole GraphQL schema (hypothesis + hypothesis-graphql).

Generates queries and mutations for every root field of Query and Mutation, with arguments, as
three identities: anonymous, a signed-up CREATOR (with a profile, a social account and a payout
method) and a signed-up BRAND (with a published brief and a funded wallet); with --admin-email and
--admin-password, an ADMIN too (made beforehand with `marketplace create-admin`), who confirms the
brand's funding. Arguments come as literals or, half of the time, as
variables; a few cases blow one list or string up to thousands of entries.

A finding is an HTTP 5xx, an error with extensions.code INTERNAL_SERVER_ERROR, a body that is not
JSON, or a server that stops answering /healthz (which ends the run). Findings are deduplicated by
root field and error message, keeping the smallest case. Exit status: 0 clean, 1 findings, 2 the
server could not be reached or set up.

    python fuzz.py http://127.0.0.1:8080 --seconds 180 --max-examples 3000 [--seed N]
"""

import argparse
import base64
import datetime as dt
import json
import random
import re
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import replace

import graphql
from graphql.language import ast
from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from hypothesis_graphql import Mode, mutations, nodes, queries

TIMEOUT = 30  # seconds for one request
PASSWORD = "fuzz-password-2026"
IDS: list[str] = []  # real IDs seen so far (setup and answers); ID arguments draw from it


# ---- value strategies ------------------------------------------------------------------------

def _bool(v):
    return ast.BooleanValueNode(value=v)


def _list(*items):
    return ast.ListValueNode(values=tuple(items))


def _one_of_bad(strings, extra=()):
    return st.one_of(st.sampled_from(strings).map(nodes.String), st.sampled_from(list(extra)),
                     st.text(max_size=12).map(nodes.String))


DECIMAL_OK = st.one_of(
    st.sampled_from(["0", "12.50", "1500000", "0.01", "99.99", "-5", "4.5", "100"]).map(nodes.String),
    st.decimals(min_value=-10**6, max_value=10**9, places=2, allow_nan=False).map(nodes.String),
    st.integers(0, 10**7).map(nodes.Int),
    st.floats(0, 1e6, allow_nan=False, allow_infinity=False).map(nodes.Float),
)
DECIMAL_BAD = _one_of_bad(
    ["abc", "NaN", "1e400", "", "0x10", "1e28", "Infinity", "-1e28", "1e-400", "1,5", " 7 ", "9" * 40],
    [_bool(True), _list(nodes.Int(1)), nodes.Int(10**30), ast.FloatValueNode(value="1e400")],
)
DECIMAL_HUGE = st.one_of(  # well-formed, but past what money arithmetic can hold
    st.sampled_from(["1e28", "79228162514264337593543950335", "92233720368547758.08", "1e20"]).map(nodes.String),
    st.integers(10**15, 10**29).map(nodes.String),
)
DECIMAL = st.one_of(DECIMAL_OK, DECIMAL_OK, DECIMAL_HUGE, DECIMAL_BAD)

OFFSETS = ["Z", "+00:00", "+07:00", "-05:30", "+14:00", "-12:00", "+05:45"]
DATETIME_OK = st.builds(
    lambda days, secs, off: (dt.datetime(2026, 1, 1) + dt.timedelta(days=days, seconds=secs))
    .strftime("%Y-%m-%dT%H:%M:%S") + off,
    st.integers(-20000, 30000), st.integers(0, 86399), st.sampled_from(OFFSETS),
).map(nodes.String)
DATETIME_BAD = _one_of_bad(
    ["garbage", "2030-01-01", "2030-01-01T00:00:00", "2030-01-01T00:00:00+25:00",
     "2030-01-01T00:00:00+05:60", "2030-13-01T00:00:00Z", "2030-02-30T00:00:00Z",
     "2030-01-01T25:00:00Z", "", "0", "+275760-09-13T00:00:00Z", "10000-01-01T00:00:00Z"],
    [nodes.Int(1767225600), _bool(False), _list(nodes.String("2030-01-01T00:00:00Z"))],
)
DATETIME = st.one_of(DATETIME_OK, DATETIME_OK, DATETIME_BAD)

INT = st.one_of(
    st.integers(-3, 120).map(nodes.Int),
    st.sampled_from([0, 1, -1, 2**31 - 1, 2**31, -2**31, -2**31 - 1, 2**53, 10**20]).map(nodes.Int),
    st.integers(-2**63, 2**63).map(nodes.Int),
)


def _forged_id(tag_and_uuid):
    tag, u = tag_and_uuid
    return base64.urlsafe_b64encode(bytes([tag]) + u.bytes).rstrip(b"=").decode()


ID = st.one_of(
    st.integers(0, 2**20).map(lambda i: nodes.String(IDS[i % len(IDS)]) if IDS else nodes.String("x")),
    st.integers(0, 2**20).map(lambda i: nodes.String(IDS[i % len(IDS)]) if IDS else nodes.String("x")),
    st.tuples(st.integers(0, 20), st.uuids()).map(_forged_id).map(nodes.String),
    _one_of_bad(["", " ", "abc", "AA", "=", "AQ", "x" * 300, "null"], [nodes.Int(7), nodes.Int(2**40)]),
)

HOSTILE = {"Decimal": DECIMAL, "DateTime": DATETIME, "Int": INT, "ID": ID}
# Well-formed values only, so that a case gets past input parsing into the resolvers
WELL_FORMED = {"Decimal": st.one_of(DECIMAL_OK, DECIMAL_HUGE), "DateTime": DATETIME_OK,
               "Int": st.integers(-3, 120).map(nodes.Int), "ID": ID}


# ---- HTTP --------------------------------------------------------------------------------------

class Stop(Exception):
    """Budget spent or server gone: ends the hypothesis run for this identity."""


class Server:
    def __init__(self, base):
        self.base = base.rstrip("/")

    def post(self, query, variables=None, token=None):
        """(status, text) of one POST /graphql; status None when no answer came."""
        body = {"query": query}
        if variables is not None:
            body["variables"] = variables
        req = urllib.request.Request(self.base + "/graphql", data=json.dumps(body).encode(),
                                     method="POST")
        req.add_header("Content-Type", "application/json")
        req.add_header("Accept", "application/json")
        if token:
            req.add_header("Authorization", "Bearer " + token)
        try:
            with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:
                return resp.status, resp.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8", "replace")
        except Exception as e:  # timeout, reset, refused
            return None, f"{type(e).__name__}: {e}"

    def gql(self, query, variables=None, token=None):
        status, text = self.post(query, variables, token)
        try:
            return json.loads(text)
        except ValueError:
            raise SystemExit(f"setup: {status} {text[:300]}")

    def healthy(self):
        for _ in range(5):
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=5) as resp:
                    if resp.status == 200:
                        return True
            except Exception:
                pass
            time.sleep(1)
        return False


def harvest(value):
    """Adds every string under a key `id` or `…Id` to IDS."""
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, str) and (k == "id" or k.endswith("Id")) and v not in IDS:
                if len(IDS) < 1000:
                    IDS.append(v)
                else:
                    IDS[random.randrange(len(IDS))] = v
            else:
                harvest(v)
    elif isinstance(value, list):
        for v in value:
            harvest(v)


# ---- identities --------------------------------------------------------------------------------

def sign_up(server, role):
    email = f"fuzz-{role.lower()}-{uuid.uuid4().hex[:12]}@example.com"
    r = server.gql("mutation($i: SignUpInput!) { signUp(input: $i) { accessToken user { id "
                   "creatorProfile { id } brand { id } } } }",
                   {"i": {"email": email, "password": PASSWORD, "role": role, "name": f"Fuzz {role}"}})
    if not r.get("data"):
        raise SystemExit(f"setup: signUp {role} failed: {r}")
    harvest(r["data"])
    return r["data"]["signUp"]["accessToken"]


def setup_step(server, token, query, variables):
    """Best effort: a step that fails is reported and the run goes on with fewer real IDs."""
    r = server.gql(query, variables, token)
    harvest(r.get("data"))
    if r.get("errors"):
        print(f"  setup step failed ({query.split('(')[0]}): {r['errors'][0].get('message')}")
    return r.get("data") or {}


def log_in(server, email, password):
    r = server.gql("mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) { accessToken } }",
                   {"e": email, "p": password})
    if not r.get("data"):
        raise SystemExit(f"setup: logIn {email} failed: {r}")
    return r["data"]["logIn"]["accessToken"]


def make_identities(server, admin=None):
    creator, brand = sign_up(server, "CREATOR"), sign_up(server, "BRAND")
    setup_step(server, creator, "mutation($i: PayoutMethodInput!) { addPayoutMethod(input: $i) { id } }",
               {"i": {"kind": "BANK_TRANSFER", "bankCode": "VCB", "accountNumber": "0071001236789",
                      "accountName": "Nguyễn Thị Lan"}})
    funding = setup_step(server, brand, "mutation($a: MoneyInput!) { requestFunding(amount: $a) { id } }",
                         {"a": {"amount": "1000", "currency": "USD"}}).get("requestFunding")
    if admin and funding:
        setup_step(server, admin, "mutation($id: ID!, $tx: String!) { confirmFunding(fundingId: $id, "
                   "bankTransactionId: $tx) { id } }", {"id": funding["id"], "tx": "FUZZ-" + uuid.uuid4().hex})
    setup_step(server, creator, "mutation($i: CreatorProfileInput!) { updateCreatorProfile(input: $i) { id } }",
               {"i": {"bio": "fuzz", "kind": "KOC", "niches": ["BEAUTY", "TECH"], "country": "VN",
                      "city": "Hanoi", "languages": ["vi", "en"]}})
    setup_step(server, creator, "mutation($i: SocialAccountInput!) { addSocialAccount(input: $i) { id } }",
               {"i": {"platform": "TIKTOK", "handle": "fuzz" + uuid.uuid4().hex[:8], "followers": 12000,
                      "avgViews": 3000, "engagementRate": "4.5"}})
    brief = setup_step(server, brand, "mutation($i: CreateBriefInput!) { createBrief(input: $i) { id } }", {"i": {
        "title": "Fuzz brief", "description": "A brief made by the fuzzer", "objective": "SALES",
        "deliverables": [{"type": "SHORT_VIDEO", "platform": "TIKTOK"}],
        "compensation": {"model": "FIXED_FEE", "feeMin": {"amount": "100", "currency": "USD"},
                         "feeMax": {"amount": "500", "currency": "USD"}},
        "budget": {"amount": "1000", "currency": "USD"}, "slots": 3}}).get("createBrief")
    if brief:
        setup_step(server, brand, "mutation($id: ID!) { publishBrief(id: $id) { id } }", {"id": brief["id"]})
        p = setup_step(server, creator, "mutation($i: ApplyToBriefInput!) { applyToBrief(input: $i) { id } }",
                       {"i": {"briefId": brief["id"], "pitch": "I would like to"}}).get("applyToBrief")
        if p:
            terms = {"compensationModel": "FIXED_FEE", "fee": {"amount": "300", "currency": "USD"},
                     "deliverables": [{"type": "SHORT_VIDEO", "platform": "TIKTOK"}],
                     "dueAt": "2031-01-01T00:00:00+07:00"}
            o = setup_step(server, brand, "mutation($i: MakeOfferInput!) { makeOffer(input: $i) { id } }",
                           {"i": {"proposalId": p["id"], "terms": terms}}).get("makeOffer")
            if o:
                setup_step(server, creator, "mutation($id: ID!) { acceptOffer(offerId: $id) { id "
                           "deliverables { id } } }", {"id": o["id"]})
    identities = {"anonymous": None, "creator": creator, "brand": brand}
    if admin:
        identities["admin"] = admin
    return identities


# ---- cases -------------------------------------------------------------------------------------

def root_type(schema, op):
    return schema.mutation_type if op.operation == ast.OperationType.MUTATION else schema.query_type


def lift(schema, doc):
    """The document with the root field's arguments as variables, and the variables; the
    document unchanged and None when a value has no JSON form."""
    op = doc.definitions[0]
    field = op.selection_set.selections[0]
    root_field = root_type(schema, op).fields.get(field.name.value)
    arg_defs = root_field.args if root_field else {}
    if any(arg.name.value not in arg_defs for arg in field.arguments):
        return doc, None  # a negative case with an unknown field or argument
    defs, variables, args = [], {}, []
    for i, arg in enumerate(field.arguments):
        var = ast.VariableNode(name=ast.NameNode(value=f"v{i}"))
        variables[f"v{i}"] = graphql.value_from_ast_untyped(arg.value)
        defs.append(ast.VariableDefinitionNode(variable=var, directives=(),
                                               type=graphql.parse_type(str(arg_defs[arg.name.value].type))))
        args.append(replace(arg, value=var))
    try:
        json.dumps(variables, allow_nan=False)
    except ValueError:
        return doc, None
    field = replace(field, arguments=tuple(args))
    op = replace(op, variable_definitions=tuple(defs),
                 selection_set=replace(op.selection_set, selections=(field,)))
    return replace(doc, definitions=(op,)), variables


def inflate(doc, pick, n):
    """The document with its `pick`-th list blown up to n copies of its first entry, or its
    `pick`-th string to 3n characters."""
    class Blow(graphql.Visitor):
        def __init__(self, target):
            super().__init__()
            self.seen, self.target = 0, target

        def hit(self):
            self.seen += 1
            return self.seen - 1 == self.target

        def enter_list_value(self, node, *_):
            if node.values and self.hit():
                return replace(node, values=tuple(node.values[:1]) * n)

        def enter_string_value(self, node, *_):
            if self.hit():
                return replace(node, value=(node.value or "a") * (3 * n // max(1, len(node.value))))

    counter = Blow(-1)
    graphql.visit(doc, counter)
    return graphql.visit(doc, Blow(pick % counter.seen)) if counter.seen else doc


def case_strategy(schema, big_percent):
    def every_field(scalars, mode):
        # NEGATIVE mode (one schema violation per case) needs an argument to get wrong
        return st.one_of(*(make(schema, fields=[f], custom_scalars=scalars, mode=mode, print_ast=lambda d: d)
                           for make, root in ((queries, schema.query_type), (mutations, schema.mutation_type))
                           for f, d in root.fields.items() if mode == Mode.POSITIVE or d.args))
    kinds = [every_field(HOSTILE, Mode.POSITIVE)] * 5 + [every_field(WELL_FORMED, Mode.POSITIVE)] * 4 \
        + [every_field(HOSTILE, Mode.NEGATIVE)]
    doc = st.integers(0, len(kinds) - 1).flatmap(kinds.__getitem__)
    big = st.integers(0, 99).map(lambda r: r < big_percent)
    return st.tuples(doc, st.booleans(), big, st.integers(0, 2**16), st.integers(1000, 25000))


# ---- findings ----------------------------------------------------------------------------------

def normalize(message):
    message = re.sub(r'"(?:[^"\\]|\\.)*"', '"…"', message)
    return re.sub(r"\d+", "N", message)[:300]


class Fuzzer:
    def __init__(self, server, schema):
        self.server, self.schema = server, schema
        self.findings = {}  # (field, normalized problem) -> case
        self.sent = 0
        self.reached = {}  # root field -> answers with data for it
        self.dead = None

    def record(self, ident, field, problem, query, variables, status, text, blown):
        key = (field, normalize(problem), blown)
        size = len(query) + len(json.dumps(variables))
        old = self.findings.get(key)
        if old is None or size < old["size"]:
            self.findings[key] = {"size": size, "identity": ident, "field": field, "problem": problem,
                                  "query": query, "variables": variables, "status": status,
                                  "answer": text[:600], "count": (old or {}).get("count", 0),
                                  "blown": blown}
        self.findings[key]["count"] += 1

    def run_case(self, ident, token, case):
        doc, as_variables, big, pick, n = case
        field = doc.definitions[0].selection_set.selections[0].name.value
        while True:  # a blown-up case stays under the server's 1 MiB body limit
            case_doc = inflate(doc, pick, n) if big else doc
            case_doc, variables = lift(self.schema, case_doc) if as_variables else (case_doc, None)
            query = graphql.print_ast(case_doc)
            if not big or n < 10 or len(json.dumps({"query": query, "variables": variables})) < 900_000:
                break
            n //= 4
        blown = big
        status, text = self.server.post(query, variables, token)
        self.sent += 1
        if status is None or self.sent % 200 == 0:
            if not self.server.healthy():
                self.dead = {"identity": ident, "field": field, "query": query[:4000],
                             "variables": json.dumps(variables)[:4000], "answer": text[:600]}
                raise Stop()
        if status is None:
            return self.record(ident, field, "no answer: " + text, query, variables, status, text, blown)
        if status >= 500:
            return self.record(ident, field, f"HTTP {status}: {text[:200]}", query, variables, status, text, blown)
        try:
            body = json.loads(text)
        except ValueError:
            return self.record(ident, field, f"non-JSON body (HTTP {status})", query, variables, status, text, blown)
        for bodies in body if isinstance(body, list) else [body]:
            data = bodies.get("data") if isinstance(bodies, dict) else None
            if isinstance(data, dict) and data.get(field) is not None:
                self.reached[field] = self.reached.get(field, 0) + 1
                harvest(data)
            for error in (bodies.get("errors") or []) if isinstance(bodies, dict) else []:
                if (error.get("extensions") or {}).get("code") == "INTERNAL_SERVER_ERROR":
                    self.record(ident, field, "INTERNAL_SERVER_ERROR: " + str(error.get("message")),
                                query, variables, status, text, blown)

    def run_identity(self, ident, token, strategy, until, max_examples, seed):
        @settings(max_examples=max_examples, deadline=None, database=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck), verbosity=Verbosity.quiet)
        @given(case=strategy)
        def test(case):
            if time.monotonic() > until or self.dead:
                raise Stop()
            self.run_case(ident, token, case)

        before = self.sent
        try:
            hypothesis_seed(seed)(test)()
        except Stop:
            pass
        print(f"  {ident}: {self.sent - before} requests")


def report(fuzzer, path):
    lines = []
    if fuzzer.dead:
        d = fuzzer.dead
        lines += ["## The server stopped answering /healthz", "",
                  f"after a `{d['field']}` request as {d['identity']}: {d['answer']}", "",
                  "```graphql", d["query"], "```", "", f"variables: `{d['variables']}`", ""]
    for (field, _, _), f in sorted(fuzzer.findings.items(), key=lambda kv: (kv[1]["problem"], kv[0][0])):
        blown = ", one list or string blown up" if f["blown"] else ""
        lines += [f"## `{field}` as {f['identity']}{blown}: {f['problem'][:200]}", "",
                  f"({f['count']} times; smallest case below)", "", "```graphql", f["query"].strip(), "```", ""]
        if f["variables"] is not None:
            lines += ["variables:", "", "```json", json.dumps(f["variables"], ensure_ascii=False)[:3000], "```", ""]
        lines += [f"answer (HTTP {f['status']}):", "", "```", f["answer"], "```", ""]
    text = "\n".join(lines)
    print(text)
    if path:
        with open(path, "w") as out:
            out.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("url", help="server base URL, e.g. http://127.0.0.1:8080")
    ap.add_argument("--seconds", type=float, default=180, help="time budget for all identities")
    ap.add_argument("--max-examples", type=int, default=3000, help="cases per identity at most")
    ap.add_argument("--seed", type=int, default=None, help="hypothesis seed (printed when random)")
    ap.add_argument("--big-percent", type=int, default=2, help="cases with one list/string blown up")
    ap.add_argument("--report", help="also write the findings as markdown to this file")
    ap.add_argument("--admin-email", help="an ADMIN to fuzz as, and to confirm the brand's funding")
    ap.add_argument("--admin-password")
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    random.seed(seed)
    print(f"fuzz: seed {seed} (rerun with --seed {seed}), {args.seconds:.0f} s, "
          f"at most {args.max_examples} cases per identity")

    server = Server(args.url)
    if not server.healthy():
        print(f"fuzz: {args.url}/healthz does not answer")
        return 2
    intro = server.gql(graphql.get_introspection_query())
    schema = graphql.build_client_schema(intro["data"])
    admin = log_in(server, args.admin_email, args.admin_password) if args.admin_email else None
    identities = make_identities(server, admin)
    strategy = case_strategy(schema, args.big_percent)
    fuzzer = Fuzzer(server, schema)
    start = time.monotonic()
    for i, (ident, token) in enumerate(identities.items()):
        until = start + args.seconds * (i + 1) / len(identities)
        fuzzer.run_identity(ident, token, strategy, until, args.max_examples, seed + i)
        if fuzzer.dead:
            break

    roots = list(schema.query_type.fields) + list(schema.mutation_type.fields)
    never = [f for f in roots if f not in fuzzer.reached]
    print(f"fuzz: {fuzzer.sent} requests in {time.monotonic() - start:.0f} s; "
          f"{len(roots) - len(never)}/{len(roots)} root fields answered with data"
          + (f" (never: {', '.join(never)})" if never else ""))
    if not fuzzer.findings and not fuzzer.dead:
        print("fuzz: no findings")
        return 0
    report(fuzzer, args.report)
    print(f"fuzz: {len(fuzzer.findings)} distinct findings"
          + ("; the server stopped answering" if fuzzer.dead else "") + f" (seed {seed})")
    return 1


if __name__ == "__main__":
    sys.exit(main())
