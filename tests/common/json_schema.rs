//! A validator of the JSON Schema (2020-12) keywords the committed schemas under `docs/` use: `$ref`
//! (local `#/$defs/…`), `oneOf`, `type`, `const`, `enum`, `properties`, `required`,
//! `additionalProperties` (boolean), `items`, `minItems`, `maxItems`, `minimum`, `maximum`,
//! `pattern`; annotations are skipped. Any other keyword fails the test, so the schema cannot
//! use one this checker would ignore.

use serde_json::{Map, Value};

const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$id",
    "$defs",
    "title",
    "description",
    "$comment",
];

pub struct Schema {
    root: Value,
}

impl Schema {
    /// The committed schema `docs/<name>`.
    pub fn load(name: &str) -> Schema {
        let path = format!("{}/docs/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).expect(&path);
        Schema {
            root: serde_json::from_str(&text).expect("the schema is JSON"),
        }
    }

    /// Every reason `v` does not validate, each with its JSON pointer; empty when it does.
    pub fn errors(&self, v: &Value) -> Vec<String> {
        let mut errors = Vec::new();
        self.check(&self.root, v, "", &mut errors);
        errors
    }

    fn resolve<'a>(&'a self, reference: &str) -> &'a Value {
        let name = reference
            .strip_prefix("#/$defs/")
            .unwrap_or_else(|| panic!("unsupported $ref {reference}"));
        self.root["$defs"]
            .get(name)
            .unwrap_or_else(|| panic!("no $defs/{name}"))
    }

    fn check(&self, schema: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
        let schema: &Map<String, Value> = schema.as_object().expect("a schema is an object");
        for (keyword, arg) in schema {
            let mut fail = |why: String| errors.push(format!("{at}: {why}"));
            match keyword.as_str() {
                k if ANNOTATIONS.contains(&k) => {}
                "$ref" => self.check(self.resolve(arg.as_str().unwrap()), v, at, errors),
                "oneOf" => {
                    let mut matched = 0;
                    let mut why = Vec::new();
                    for (i, branch) in arg.as_array().unwrap().iter().enumerate() {
                        let mut e = Vec::new();
                        self.check(branch, v, at, &mut e);
                        if e.is_empty() {
                            matched += 1;
                        } else {
                            why.push(format!("branch {i}: {}", e.join("; ")));
                        }
                    }
                    if matched != 1 {
                        fail(format!(
                            "{matched} oneOf branches match ({})",
                            why.join(" | ")
                        ));
                    }
                }
                "type" => {
                    let types: Vec<&str> = match arg {
                        Value::String(t) => vec![t.as_str()],
                        Value::Array(ts) => ts.iter().map(|t| t.as_str().unwrap()).collect(),
                        other => panic!("bad type {other}"),
                    };
                    if !types.iter().any(|t| is_type(v, t)) {
                        fail(format!("{v} is not of type {types:?}"));
                    }
                }
                "const" => {
                    if !same(v, arg) {
                        fail(format!("{v} is not {arg}"));
                    }
                }
                "enum" => {
                    if !arg.as_array().unwrap().iter().any(|a| same(v, a)) {
                        fail(format!("{v} is not one of {arg}"));
                    }
                }
                "properties" => {
                    if let Some(obj) = v.as_object() {
                        for (name, sub) in arg.as_object().unwrap() {
                            if let Some(field) = obj.get(name) {
                                self.check(sub, field, &format!("{at}/{name}"), errors);
                            }
                        }
                    }
                }
                "required" => {
                    if let Some(obj) = v.as_object() {
                        for name in arg.as_array().unwrap() {
                            if !obj.contains_key(name.as_str().unwrap()) {
                                fail(format!("required {name} missing"));
                            }
                        }
                    }
                }
                "additionalProperties" => {
                    let allowed = arg.as_bool().expect("additionalProperties: a boolean");
                    let known = schema.get("properties").and_then(Value::as_object);
                    if let (false, Some(obj)) = (allowed, v.as_object()) {
                        for name in obj.keys() {
                            if !known.is_some_and(|k| k.contains_key(name)) {
                                fail(format!("undocumented field {name}"));
                            }
                        }
                    }
                }
                "items" => {
                    if let Some(items) = v.as_array() {
                        for (i, item) in items.iter().enumerate() {
                            self.check(arg, item, &format!("{at}/{i}"), errors);
                        }
                    }
                }
                "minItems" | "maxItems" => {
                    if let Some(items) = v.as_array() {
                        let n = items.len() as u64;
                        let bound = arg.as_u64().unwrap();
                        if (keyword == "minItems" && n < bound)
                            || (keyword == "maxItems" && n > bound)
                        {
                            fail(format!("{n} items breaks {keyword} {bound}"));
                        }
                    }
                }
                "minimum" | "maximum" => {
                    if let (Some(n), Some(bound)) = (v.as_f64(), arg.as_f64()) {
                        if (keyword == "minimum" && n < bound)
                            || (keyword == "maximum" && n > bound)
                        {
                            fail(format!("{n} breaks {keyword} {bound}"));
                        }
                    }
                }
                "pattern" => {
                    if let Some(text) = v.as_str() {
                        let re = regex::Regex::new(arg.as_str().unwrap()).unwrap();
                        if !re.is_match(text) {
                            fail(format!("{text:?} does not match {arg}"));
                        }
                    }
                }
                other => panic!("the schema uses {other}, which this checker does not know"),
            }
        }
    }
}

fn is_type(v: &Value, t: &str) -> bool {
    match t {
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => v.is_i64() || v.is_u64(),
        other => panic!("unknown type {other}"),
    }
}

/// JSON equality, numbers by value (`1` and `1.0` are the same number).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}
