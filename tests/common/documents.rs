//! GraphQL documents built to a size: what a hostile client sends.

/// `open` `levels` times, then `inner`, then `close` as many times: `[[[1]]]`, `{a:{a:1}}`.
pub fn nested(open: &str, inner: &str, close: &str, levels: usize) -> String {
    format!("{}{inner}{}", open.repeat(levels), close.repeat(levels))
}

/// A selection `depth` levels deep, counting the operation's own braces:
/// `{ f11 { … f1 { x } … } }` for 12.
pub fn deep_selection(depth: usize) -> String {
    let mut q = String::from("x");
    for i in 1..depth {
        q = format!("f{i} {{ {q} }}");
    }
    format!("{{ {q} }}")
}
