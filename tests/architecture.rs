//! The shape of the tree, checked so that it cannot regress: the market's areas know nothing of
//! transport, and no two modules import each other, directly or round a longer circle.
//!
//! `cargo test --test architecture -- --nocapture` prints the import graph between modules.

use std::{
    collections::{BTreeMap, BTreeSet},
    fs,
    path::{Path, PathBuf},
};

/// Modules that speak HTTP, WebSocket or GraphQL, or wire the process together. Every other
/// top-level module of `src/` is part of the domain.
const TRANSPORT: &[&str] = &[
    "graphql",
    "http",
    "graphiql",
    "ws",
    "protocol",
    "sockets",
    "state",
    "seed",
    "telemetry",
    "main",
    "lib",
];

/// What a domain module may not name.
const FORBIDDEN_IN_DOMAIN: &[&str] = &[
    "async_graphql",
    "axum",
    "tower",
    "tungstenite",
    "AppState",
    "crate::state",
    "crate::graphql",
    "crate::http",
    "crate::ws",
    "crate::protocol",
    "crate::sockets",
    "crate::seed",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, with the top-level module it belongs to.
fn files(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("read src") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(dir).expect("under src");
                let first = rel.components().next().expect("a component");
                let module = Path::new(first.as_os_str())
                    .file_stem()
                    .expect("a name")
                    .to_string_lossy()
                    .into_owned();
                out.push((module, path));
            }
        }
    }
    out.sort();
    out
}

/// The code of a file without its comments (a line's text from `//` on), so that docs may name
/// any module.
fn code(text: &str) -> String {
    text.lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules a file names through `crate::`, including inside `use crate::{…}`.
fn imports(text: &str) -> BTreeSet<String> {
    let text = code(text);
    let text = text.as_str();
    let mut found = BTreeSet::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // The first identifier of each item at the group's own depth.
            let mut depth = 0;
            let mut at_item_start = true;
            let mut word = String::new();
            for c in group.chars() {
                if c.is_alphanumeric() || c == '_' {
                    if at_item_start && depth == 0 {
                        word.push(c);
                    }
                    continue;
                }
                if !word.is_empty() {
                    found.insert(std::mem::take(&mut word));
                    at_item_start = false;
                }
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => at_item_start = true,
                    _ => {}
                }
            }
            if !word.is_empty() {
                found.insert(word);
            }
        } else {
            let word: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !word.is_empty() {
                found.insert(word);
            }
        }
    }
    found
}

/// Who imports whom, between top-level modules of `src/` (a module's own files excluded).
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let modules: BTreeSet<String> = files(&src()).into_iter().map(|(m, _)| m).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, path) in files(&src()) {
        let text = fs::read_to_string(&path).expect("read a source file");
        let entry = graph.entry(module.clone()).or_default();
        for target in imports(&text) {
            if target != module && modules.contains(&target) {
                entry.insert(target);
            }
        }
    }
    graph
}

#[test]
fn the_domain_names_no_transport() {
    let mut offences = Vec::new();
    for (module, path) in files(&src()) {
        if TRANSPORT.contains(&module.as_str()) {
            continue;
        }
        let text = fs::read_to_string(&path).expect("read a source file");
        for (n, code) in code(&text).lines().enumerate() {
            for word in FORBIDDEN_IN_DOMAIN {
                if code.contains(word) {
                    offences.push(format!("{}:{}: {word}", path.display(), n + 1));
                }
            }
        }
    }
    assert!(
        offences.is_empty(),
        "domain modules must not use transport types:\n{}",
        offences.join("\n")
    );
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let graph = graph();
    for (module, targets) in &graph {
        println!(
            "{module} -> {}",
            Vec::from_iter(targets.iter().cloned()).join(" ")
        );
    }
    // Depth-first search; a module met again while still on the path closes a circle.
    fn visit<'a>(
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        module: &'a str,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|m| *m == module) {
            let mut circle: Vec<String> = path[at..].iter().map(|m| m.to_string()).collect();
            circle.push(module.to_owned());
            return Some(circle);
        }
        if !done.insert(module) {
            return None;
        }
        path.push(module);
        for target in graph.get(module).into_iter().flatten() {
            if let Some(circle) = visit(graph, target, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        if let Some(circle) = visit(&graph, module, &mut Vec::new(), &mut done) {
            panic!("an import circle: {}", circle.join(" -> "));
        }
    }
}

#[test]
fn the_import_reader_sees_grouped_and_nested_uses() {
    let text = "//! See `crate::ws`.\nuse crate::{\n    auth::Viewer,\n    briefs::{self, ledger},\n    clock, work::{Deal, Work},\n};\nlet x = crate::money::Money::new(1);";
    let found: Vec<String> = imports(text).into_iter().collect();
    assert_eq!(found, ["auth", "briefs", "clock", "money", "work"]);
}
