//! The schema explains itself (SPEC.md, "Clients"): every type, field, argument, input field and
//! enum value of the exported schema has a description, and percentages say their range, so a new
//! field without one fails here rather than reaching GraphiQL and codegen blank.

use async_graphql::parser::{
    Positioned, parse_schema,
    types::{
        EnumType, InputObjectType, InputValueDefinition, InterfaceType, ObjectType, Type, TypeKind,
        TypeSystemDefinition,
    },
};

/// GraphQL's own scalars, described by the specification.
const BUILT_IN: &[&str] = &["String", "Int", "Float", "Boolean", "ID"];

/// One described element of the schema: `Type`, `Type.field`, `Type.field(arg)` or `Enum.VALUE`.
struct Element {
    path: String,
    description: Option<String>,
    /// The GraphQL type of a field, argument or input field, e.g. `Decimal!`.
    ty: Option<String>,
}

/// A description on one line: a doc comment's line breaks read as spaces.
fn text(description: &Option<Positioned<String>>) -> Option<String> {
    let words: Vec<&str> = description.as_ref()?.node.split_whitespace().collect();
    (!words.is_empty()).then(|| words.join(" "))
}

fn value(path: String, v: &InputValueDefinition) -> Element {
    typed(path, &v.description, &v.ty)
}

fn typed(path: String, description: &Option<Positioned<String>>, ty: &Positioned<Type>) -> Element {
    Element {
        path,
        description: text(description),
        ty: Some(ty.node.to_string()),
    }
}

fn elements() -> Vec<Element> {
    let sdl = marketplace::graphql::sdl();
    let document = parse_schema(&sdl).expect("the exported schema parses");
    let mut out = Vec::new();
    for definition in document.definitions {
        let TypeSystemDefinition::Type(t) = definition else {
            continue;
        };
        let t = t.node;
        let name = t.name.node.to_string();
        if name.starts_with("__") || BUILT_IN.contains(&name.as_str()) {
            continue;
        }
        out.push(Element {
            path: name.clone(),
            description: text(&t.description),
            ty: None,
        });
        match t.kind {
            TypeKind::Object(ObjectType { fields, .. })
            | TypeKind::Interface(InterfaceType { fields, .. }) => {
                for f in fields.into_iter().map(|f| f.node) {
                    let path = format!("{name}.{}", f.name.node);
                    for a in &f.arguments {
                        out.push(value(format!("{path}({})", a.node.name.node), &a.node));
                    }
                    out.push(typed(path, &f.description, &f.ty));
                }
            }
            TypeKind::InputObject(InputObjectType { fields }) => {
                for f in fields {
                    out.push(value(format!("{name}.{}", f.node.name.node), &f.node));
                }
            }
            TypeKind::Enum(EnumType { values }) => {
                for v in values {
                    out.push(Element {
                        path: format!("{name}.{}", v.node.value.node),
                        description: text(&v.node.description),
                        ty: None,
                    });
                }
            }
            TypeKind::Scalar | TypeKind::Union(_) => {}
        }
    }
    out
}

#[test]
fn every_element_of_the_schema_has_a_description() {
    let missing: Vec<String> = elements()
        .into_iter()
        .filter(|e| e.description.is_none())
        .map(|e| e.path)
        .collect();
    assert!(
        missing.is_empty(),
        "{} schema elements have no description: give each a `///` doc comment (an argument: \
         `#[graphql(desc = \"...\")]`) saying what it is and the rule a client needs:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn percentages_say_their_range() {
    let vague: Vec<String> = elements()
        .into_iter()
        .filter(|e| e.ty.as_deref().map(|t| t.trim_end_matches('!')) == Some("Decimal"))
        .filter_map(|e| {
            let d = e.description?.to_lowercase();
            (d.contains("percent")
                && !d.contains("percent, 0 to 100")
                && !d.contains("may be negative"))
            .then_some(e.path)
        })
        .collect();
    assert!(
        vague.is_empty(),
        "these percentages must say \"percent, 0 to 100\" (or \"may be negative\"):\n{}",
        vague.join("\n")
    );
}

#[test]
fn times_and_decimals_name_their_specification() {
    let sdl = marketplace::graphql::sdl();
    for scalar in ["DateTime", "Decimal"] {
        assert!(
            sdl.contains(&format!("scalar {scalar} @specifiedBy(url: \"https://")),
            "{scalar} has no @specifiedBy"
        );
    }
}
